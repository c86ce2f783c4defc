"""lornplayer: an offline desktop podcast player and transcript reader for LØRN cases."""

__version__ = "0.1.0"
APP_NAME = "lornplayer"
