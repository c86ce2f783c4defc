"""Qt adapters for the core: audio decoding (:mod:`.decode`), PDF writing (:mod:`.pdf`), and the one owner of
the process's Qt application (:mod:`.application`).

With ``lornplayer/ui/`` this is the only place that imports PySide6; modules here import it lazily, inside
the functions that need it, so the core can import them without loading Qt.
"""
