"""The urgent-case alert: a short two-tone chime (QSoundEffect, when PySide6's
QtMultimedia module and an audio output exist) and, always, a visible flash: the queue
pills, the window title and an alert bar across the top with the case and an "Open" button.

The chime is a bundled WAV (resources/sounds/urgent_alert.wav) written by `write_chime`
with the standard library's wave module (`python -m desktop.console.alert` rewrites it)."""

from __future__ import annotations

import logging
import math
import os
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, QUrl, Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop import theme
from desktop.paths import RESOURCES

log = logging.getLogger(__name__)

CHIME = RESOURCES / "sounds" / "urgent_alert.wav"
FLASH_TIMES = 8
FLASH_MS = 350


def write_chime(path: Path = CHIME, rate: int = 22050) -> Path:
    """Three rising two-tone beeps, 0.9 s, 16-bit mono, with soft edges (no clicks)."""
    frames = bytearray()
    for freq in (880.0, 1175.0, 1568.0):
        n = int(rate * 0.22)
        for i in range(n):
            edge = min(1.0, i / (rate * 0.01), (n - i) / (rate * 0.02))
            sample = 0.45 * edge * (math.sin(2 * math.pi * freq * i / rate) + 0.3 * math.sin(4 * math.pi * freq * i / rate))
            frames += struct.pack("<h", int(max(-1.0, min(1.0, sample)) * 32767 * 0.8))
        frames += b"\x00\x00" * int(rate * 0.08)
    path.parent.mkdir(parents=True, exist_ok=True)
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(bytes(frames))
    return path


class SystemPlayer:
    """Plays the chime through the desktop's own WAV player (PulseAudio/PipeWire `paplay`
    or `pw-play`, ALSA `aplay`, macOS `afplay`) when QtMultimedia is not installed: PySide6-
    Essentials ships without it. Detached, so the GUI never waits for the sound."""

    PLAYERS = ("paplay", "pw-play", "aplay", "afplay")

    def __init__(self, program: str) -> None:
        self.program = program
        self._running: list[subprocess.Popen[bytes]] = []

    @classmethod
    def find(cls) -> SystemPlayer | None:
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":  # tests, screenshots: no sound
            return None
        has_audio = Path("/dev/snd").exists() or bool(os.environ.get("PULSE_SERVER")) or (
            Path(os.environ.get("XDG_RUNTIME_DIR", "/nonexistent")) / "pulse" / "native"
        ).exists()
        if sys.platform.startswith("linux") and not has_audio:
            return None
        for name in cls.PLAYERS:
            program = shutil.which(name)
            if program:
                return cls(program)
        return None

    def play(self) -> None:
        if not CHIME.is_file():
            write_chime(CHIME)
        self._running = [p for p in self._running if p.poll() is None]  # reap finished players
        proc = subprocess.Popen(
            [self.program, str(CHIME)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self._running.append(proc)


def load_sound(parent: QObject) -> Any | None:
    """A QSoundEffect for the chime; without QtMultimedia the system's WAV player; None
    where no audio output exists (the alert is then visual only)."""
    try:
        from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
    except ImportError:
        return SystemPlayer.find()
    try:
        if not QMediaDevices.audioOutputs():
            return None
        if not CHIME.is_file():
            write_chime(CHIME)
        effect = QSoundEffect(parent)
        effect.setSource(QUrl.fromLocalFile(str(CHIME)))
        effect.setVolume(0.9)
        return effect
    except Exception:  # no audio backend: stay silent, the flash still shows
        log.info("no sound for the urgent alert", exc_info=True)
        return None


class UrgentAlert(QObject):
    """Raises the alert for new urgent cases on a main window."""

    fired = Signal(object)  # the rows (db.case_queries.QueueRow) that raised it

    def __init__(self, window: Any, banners: Any, queue_panel: Any, *, sound: bool = True) -> None:
        super().__init__(window)
        self.window = window
        self.banners = banners
        self.queue_panel = queue_panel
        self.sound = load_sound(self) if sound else None
        self.count = 0
        self.played = 0
        self.last_rows: list[Any] = []
        self._flash_left = 0
        self._timer = QTimer(self)
        self._timer.setInterval(FLASH_MS)
        self._timer.timeout.connect(self._step)
        self._title_widget: QWidget | None = getattr(window, "title_label", None)
        self._title_style = self._title_widget.styleSheet() if self._title_widget is not None else ""
        self._window_title = window.windowTitle()

    @property
    def audible(self) -> bool:
        return self.sound is not None

    @property
    def flashing(self) -> bool:
        return self._timer.isActive()

    def trigger(self, rows: list[Any]) -> None:
        if not rows:
            return
        self.count += 1
        self.last_rows = list(rows)
        if self.sound is not None:
            try:
                self.sound.play()
                self.played += 1
            except Exception:
                log.info("could not play the alert sound", exc_info=True)
        self.banners.show_alert(rows)
        self.queue_panel.flash(("reported", "all"), FLASH_TIMES)
        self._flash_left = FLASH_TIMES * 2
        self._window_title = self.window.windowTitle() if not self._timer.isActive() else self._window_title
        self._timer.start()
        self._step()
        QApplication.alert(self.window, 0)
        self.window.statusBar().showMessage(
            self.tr("New urgent case {number}: {category}").format(
                number=rows[0].number, category=rows[0].category_name
            ),
            15000,
        )
        self.fired.emit(rows)

    def stop(self) -> None:
        self._timer.stop()
        self._flash_left = 0
        self._apply(False)
        self.queue_panel.stop_flash()

    def _step(self) -> None:
        if self._flash_left <= 0:
            self.stop()
            return
        self._flash_left -= 1
        self._apply(self._flash_left % 2 == 1)

    def _apply(self, on: bool) -> None:
        self.banners.alert.set_flash(on)
        if self._title_widget is not None:
            self._title_widget.setStyleSheet(
                f"color: white; background: {theme.OVERDUE_COLOUR}; border-radius: 3px;" if on else self._title_style
            )
        mark = self.tr("[URGENT] ")
        title = self._window_title
        self.window.setWindowTitle(mark + title if on else title)


if __name__ == "__main__":  # pragma: no cover - maintenance: rewrite the bundled chime
    print(write_chime())
