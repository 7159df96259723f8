"""The grid editor (issue 7): the map editor's window, canvas tools, panels and dialogs."""
