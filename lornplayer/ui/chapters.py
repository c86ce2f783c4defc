"""Chapters in the window: :class:`ChapterList` (a side tab) and :class:`ChapterMarks` (ticks on the seek bar)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QVBoxLayout,
    QWidget,
)

from lornplayer.chapters import Chapter, chapter_at
from lornplayer.export import format_time


class ChapterList(QWidget):
    """The episode's chapters; activating one (click, Enter) asks to play from its start."""

    chapterActivated = Signal(float)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.chapters: list[Chapter] = []
        self.list = QListWidget()
        self.list.setObjectName("chapterList")
        self.list.setAccessibleName(self.tr("Chapters"))
        self.list.itemActivated.connect(self._activate)
        self.list.itemClicked.connect(self._activate)
        self.empty = QLabel(self.tr("This episode has no chapters."))
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.source = QLabel()
        self.source.setObjectName("chapterSource")
        self.source.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.source)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty, 1)
        self.set_chapters([])

    def set_chapters(self, chapters: list[Chapter]) -> None:
        self.chapters = list(chapters)
        self.list.clear()
        for ch in self.chapters:
            item = QListWidgetItem(f"{format_time(ch.start)}  {ch.title}")
            item.setData(Qt.ItemDataRole.UserRole, ch.start)
            item.setToolTip(self.tr("Play from {0}").format(format_time(ch.start)))
            self.list.addItem(item)
        names = {
            "json": self.tr("Chapters from the chapters file beside the audio."),
            "id3": self.tr("Chapters from the audio file."),
            "mp4": self.tr("Chapters from the audio file."),
            "vorbis": self.tr("Chapters from the audio file."),
            "parts": self.tr("Chapters from the parts of the case."),
        }
        self.source.setText(names.get(self.chapters[0].source, "") if self.chapters else "")
        self.list.setVisible(bool(self.chapters))
        self.source.setVisible(bool(self.chapters))
        self.empty.setVisible(not self.chapters)

    def set_position(self, seconds: float) -> None:
        i = chapter_at(self.chapters, seconds)
        if i != self.list.currentRow() and 0 <= i < self.list.count():
            self.list.blockSignals(True)
            self.list.setCurrentRow(i)
            self.list.blockSignals(False)

    def _activate(self, item: QListWidgetItem) -> None:
        self.chapterActivated.emit(float(item.data(Qt.ItemDataRole.UserRole)))


class ChapterMarks(QWidget):
    """Ticks where chapters start, drawn over a seek slider (which still gets every click)."""

    def __init__(self, slider: QSlider):
        super().__init__(slider)
        self.slider = slider
        self.starts: list[float] = []
        self.duration = 0.0
        self.setObjectName("chapterMarks")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self._filter = _ResizeFilter(self)
        slider.installEventFilter(self._filter)
        self.setGeometry(slider.rect())
        self.show()

    def set_chapters(self, chapters: list[Chapter], duration: float) -> None:
        self.starts = [c.start for c in chapters if c.start > 0]
        self.duration = max(0.0, duration)
        tips = [f"{format_time(c.start)} {c.title}" for c in chapters]
        self.slider.setToolTip("\n".join(tips) if tips else self.slider.toolTip())
        self.update()

    def positions(self) -> list[int]:
        """x of each tick, in slider coordinates."""
        if self.duration <= 0:
            return []
        opt = QStyleOptionSlider()
        self.slider.initStyleOption(opt)
        style = self.slider.style()
        groove = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self.slider
        )
        handle = style.subControlRect(
            QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self.slider
        )
        span = groove.width() - handle.width()
        return [round(groove.x() + handle.width() / 2 + span * min(1.0, s / self.duration)) for s in self.starts]

    def paintEvent(self, _event) -> None:
        if not self.starts:
            return
        painter = QPainter(self)
        color = QColor(self.palette().color(self.palette().ColorRole.Highlight))
        color.setAlpha(220)
        painter.setPen(QPen(color, 2))
        h = self.height()
        for x in self.positions():
            painter.drawLine(x, 1, x, max(2, h // 3))
            painter.drawLine(x, h - max(2, h // 3), x, h - 1)


class _ResizeFilter(QObject):
    def __init__(self, marks: ChapterMarks):
        super().__init__(marks)
        self.marks = marks

    def eventFilter(self, obj, event) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.marks.setGeometry(obj.rect())
            self.marks.raise_()
        return False
