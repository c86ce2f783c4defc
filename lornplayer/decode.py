"""Moved to :mod:`lornplayer.qt.decode` (Qt adapters live in ``lornplayer/qt/``); kept so old imports work."""

from lornplayer.qt.decode import DecodeError, decode, iter_decode

__all__ = ["DecodeError", "decode", "iter_decode"]
