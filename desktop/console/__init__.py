"""The duty officer's console (issue 4) and its live updates (issue 5) in the main window:
the case detail with its timeline and actions, one dialog per case operation, "take the
next case", the shift handover, the escalation sheet and notice PDFs, the urgent-case
alert and the offline banner. `install_console(window)` adds it all to a MainWindow; the
window's Case menu calls `window.console_action(name)`.

Data and every change go through db/ (db.cases, db.case_queries, db.handover, db.outbox)
via the data source; nothing here runs a database call on the GUI thread."""

from __future__ import annotations

from desktop.console.controller import CaseWindow, ConsoleController, install_console

__all__ = ["CaseWindow", "ConsoleController", "install_console"]
