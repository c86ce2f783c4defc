"""Qt widgets of lornplayer (the core in ``lornplayer/`` stays Qt-free; Qt adapters are in ``lornplayer/qt/``)."""
