"""The transcript pane: :class:`TranscriptView` and its :class:`FindBar`.

The view is a QListView over the turns with a painting delegate: each turn is
a speaker line (name in a per-speaker colour, start time, pin for anchored
turns, note count) above the wrapped text.  Text is laid out with QTextLayout
(plain text, never HTML) and the layouts are cached per width and font, so a
300-turn transcript lays out once and scrolls and highlights cheaply.

Following: :meth:`TranscriptView.set_position` (called ~10×/s) bisects the
turn starts and only repaints when the current turn changes; while following,
the current turn is scrolled smoothly into the upper part of the view (centred
in presentation mode).  A wheel, scroll bar or keyboard scroll by the user
pauses following and shows a "Follow audio" button that resumes it.
"""

from __future__ import annotations

import bisect
import math
from typing import Sequence

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QPointF,
    QRect,
    QRectF,
    Qt,
    QTimer,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QGuiApplication,
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QStackedLayout,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from lornplayer.model import Turn
from lornplayer.ui import sentence_marks

from lornplayer.ui.findbar import FindBar  # noqa: F401 - also imported from here
from lornplayer.ui.transcript_find import FindMarks

from lornplayer.ui.transcript_parts import (
    MIN_FONT_PT,
    MAX_FONT_PT,
    DEFAULT_FONT_PT,
    PRESENTATION_FONT_PT,
    THEMES,
    _Folded,
    _theme_colors,
    _Metrics,
    _TurnModel,
    _ScrollAnimation,
    _TurnDelegate,
    _TurnList,
)


class TranscriptView(FindMarks, QWidget):  # type: ignore[misc]  # find() hides the static QWidget.find(WId)
    """Speaker-labelled turns that follow the audio; see the module doc."""

    currentTurnChanged = Signal(int)
    followingChanged = Signal(bool)
    turnActivated = Signal(int)
    seekRequested = Signal(float)  # a click on a later sentence of a turn: play from there
    currentSentenceChanged = Signal(int, int)  # turn, sentence within it (-1: none)
    anchorRequested = Signal(int)
    noteRequested = Signal(int)
    quoteRequested = Signal(int)  # select words of this turn to quote (lornplayer/ui/quotes.py)
    findResultChanged = Signal(int, int)  # current match (0-based, -1: none), total
    fontSizeChanged = Signal(float)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = -1
        self._sentence = -1  # sentence being spoken inside the current turn
        self._sentences: list = []  # per turn, lornplayer.timing.SentenceSpan lists
        self._aligned_sentences = False
        self._position: float | None = None
        self._following = True
        self._theme = "default"
        self._presentation = False
        self._font_size = DEFAULT_FONT_PT
        self._speaker_slots: dict[str, int] = {}
        self._folded: dict[int, _Folded] = {}
        self._marks: dict[int, list[tuple[int, int]]] = {}
        self._hits: list[tuple[int, int, int]] = []  # (turn, start, end) in reading order
        self._hit = -1
        self.turn_change_count = 0

        self._model = _TurnModel(self)
        self._list = _TurnList()
        self._list.setObjectName("transcriptList")
        self._list.setAccessibleName(self.tr("Transcript"))
        self._list.setModel(self._model)
        self._delegate = _TurnDelegate(self)
        self._list.setItemDelegate(self._delegate)
        self._list.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self._list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self._list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self._list.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
        self._list.setResizeMode(QListView.ResizeMode.Adjust)
        self._list.setUniformItemSizes(False)
        self._list.setMouseTracking(False)
        self._list.setFrameShape(QListView.Shape.NoFrame)
        self._list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self._list.verticalScrollBar().setSingleStep(24)
        self._list.setProperty("oneKeyShortcuts", True)  # N, S, M … work while reading (see ui/searchbar.py)
        self._list.setTabKeyNavigation(False)

        self._message = QLabel()
        self._message.setTextFormat(Qt.TextFormat.PlainText)
        self._message.setObjectName("transcriptMessage")
        self._message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._message.setWordWrap(True)
        self._message.setMargin(24)

        self._stack = QStackedLayout()
        self._stack.addWidget(self._list)
        self._stack.addWidget(self._message)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(self._stack, 1)
        self._follow_row = QHBoxLayout()  # below the text, never over it
        self._follow_row.setContentsMargins(0, 4, 0, 6)
        outer.addLayout(self._follow_row)

        self.follow_button = QPushButton(self.tr("Follow audio"), self)
        self.follow_button.setObjectName("followButton")
        self.follow_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.follow_button.setToolTip(self.tr("Scroll back to the turn being played and keep following the audio"))
        self.follow_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.follow_button.setStyleSheet(
            "#followButton { background: palette(highlight); color: palette(highlighted-text); border: none;"
            " border-radius: 14px; padding: 6px 18px; font-weight: bold; }"
        )
        self.follow_button.hide()
        self.follow_button.clicked.connect(lambda: self.set_following(True))
        self._follow_row.addStretch(1)
        self._follow_row.addWidget(self.follow_button)
        self._follow_row.addStretch(1)

        self._scroll_anim = _ScrollAnimation(self._list.verticalScrollBar(), self)

        self._list.clicked.connect(self._on_clicked)
        self._list.userScrolled.connect(self._on_user_scroll)
        self._list.zoomRequested.connect(lambda step: self.zoom_in() if step > 0 else self.zoom_out())
        self._list.resized.connect(self._on_width_changed)
        self._list.customContextMenuRequested.connect(self._context_menu)

        self._metrics = _Metrics(self._make_font(), False)
        self._colors = _theme_colors("default", self.palette())
        self._apply_theme()
        self.clear()

    # ------------------------------------------------------------ content
    def set_transcript(self, turns: Sequence[Turn], starts: Sequence[float], sentences: Sequence | None = None) -> None:
        """Show *turns*; ``starts[i]`` is turn i's start time in seconds, ``sentences[i]`` its
        :class:`~lornplayer.timing.SentenceSpan` list (optional: highlights the sentence being spoken)."""
        self._scroll_anim.stop()
        self._set_sentences(sentences)
        self._sentence = -1
        self._delegate.invalidate()
        self._folded.clear()
        self._marks.clear()
        self._hits, self._hit = [], -1
        self._current = -1
        self._position = None
        self._speaker_slots = {}
        for turn in turns:
            if turn.speaker and turn.speaker not in self._speaker_slots:
                self._speaker_slots[turn.speaker] = len(self._speaker_slots)
        self._model.reset(turns, starts)
        self._stack.setCurrentWidget(self._list)
        self._list.scrollToTop()
        self._set_following(True)

    def set_starts(self, starts: Sequence[float], sentences: Sequence | None = None) -> None:
        """New turn start times (after re-timing), and sentence times if given; the current turn is recomputed."""
        self._model.starts = [float(s) for s in starts]
        if sentences is not None:
            self._set_sentences(sentences)
            self._sentence = -2  # recompute
        self._list.viewport().update()
        if self._position is not None:
            self.set_position(self._position)

    def clear(self, message: str | None = None) -> None:
        """No transcript: show *message* (default "No transcript") instead."""
        self.set_transcript([], [])
        self._message.setText(message or self.tr("No transcript"))
        self._stack.setCurrentWidget(self._message)
        self.follow_button.hide()

    def turn_count(self) -> int:
        return len(self._model.turns)

    def list_view(self) -> QListView:
        """The inner list (for visualRect/viewport in tests and for focus handling)."""
        return self._list

    def notes_label(self, count: int) -> str:
        return self.tr("1 note") if count == 1 else self.tr("{0} notes").format(count)

    def set_anchored_turns(self, turns: set[int]) -> None:
        """Mark turns whose start time the user pinned."""
        self._model.anchored = set(turns)
        self._list.viewport().update()

    def set_note_counts(self, counts: dict[int, int]) -> None:
        """Mark turns that have notes (turn index → number of notes)."""
        self._model.note_counts = {int(k): int(v) for k, v in counts.items() if v}
        self._list.viewport().update()

    def _set_sentences(self, sentences: Sequence | None) -> None:
        self._sentences = [list(s) for s in sentences or ()]
        self._aligned_sentences = any(span.aligned for spans in self._sentences for span in spans)

    def sentences_of(self, turn: int) -> list:
        return self._sentences[turn] if 0 <= turn < len(self._sentences) else []

    def current_sentence(self) -> int:
        """Index (within the current turn) of the sentence being spoken, -1 when unknown."""
        return self._sentence

    # ---------------------------------------------------------- following
    @Slot(float)
    def set_position(self, seconds: float) -> None:
        """The playback position; repaints only when the current turn or sentence changes."""
        self._position = seconds
        starts = self._model.starts
        turn = bisect.bisect_right(starts, seconds) - 1 if starts else -1
        sentence = sentence_marks.sentence_index(self.sentences_of(turn), seconds)
        if sentence != self._sentence:
            old_sentence, self._sentence = self._sentence, sentence
            if turn == self._current and turn >= 0:
                self._repaint_sentences(turn, old_sentence, sentence)
            self.currentSentenceChanged.emit(turn, sentence)
        if turn == self._current:
            return
        old, self._current = self._current, turn
        self.turn_change_count += 1
        if self._following and turn >= 0 and not self._comfortably_visible(turn):
            self._scroll_to(turn, animate=True, following=True)
        # Only the two turns' rectangles are repainted; while a scroll runs, once its first frame has
        # moved them (the rectangles are taken then).
        self._scroll_anim.repaint_with_first_frame(lambda: self._repaint_rows(old, turn))
        self.currentTurnChanged.emit(turn)

    def _repaint_sentences(self, row: int, *sentences: int) -> None:
        """The lines of the sentences that changed in turn *row* (the one that was and the one that
        is spoken): only they look different.  Sentences are drawn only where an alignment timed them."""
        if not self._aligned_sentences:
            return
        spans = self.sentences_of(row)
        if not all(0 <= s < len(spans) for s in sentences):
            self._repaint_rows(row)  # a sentence of no known place (a re-timing): the whole turn
            return
        rect = self._list.visualRect(self._model.index(row))
        if not rect.isValid() or not rect.intersects(self._list.viewport().rect()):
            return
        layout, _h = self._delegate.layout(row)
        top = self._delegate.text_origin(QRectF(rect)).y()
        lines = [
            layout.lineForTextPosition(p)
            for s in sentences
            for p in (spans[s].first, max(spans[s].first, spans[s].last - 1))
        ]
        if not all(line.isValid() for line in lines):
            self._repaint_rows(row)
            return
        y0 = min(line.y() for line in lines)
        y1 = max(line.y() + self._metrics.line_spacing for line in lines)
        self._list.viewport().update(QRect(rect.left(), math.floor(top + y0) - 1, rect.width(), math.ceil(y1 - y0) + 3))

    def _repaint_rows(self, *rows: int) -> None:
        for row in rows:
            if 0 <= row < self.turn_count():
                self._list.update(self._model.index(row))

    def _comfortably_visible(self, row: int) -> bool:
        """Is turn ``row`` wholly in view?  Then following need not scroll for it: scrolling (every
        frame repaints the viewport) is nearly all of a turn change's cost, so following scrolls the
        current turn near the top and then lets the next few turns play before scrolling again."""
        if self._presentation or self._scroll_anim.is_running():
            return False
        rect = self._list.visualRect(self._model.index(row))
        height = self._list.viewport().height()
        return rect.isValid() and rect.top() >= 0 and rect.bottom() <= height

    def current_turn(self) -> int:
        """Index of the turn being played, -1 before the first one."""
        return self._current

    def is_following(self) -> bool:
        return self._following

    @Slot(bool)
    def set_following(self, following: bool) -> None:
        """Follow the audio (and scroll to the current turn now), or stop following."""
        self._set_following(bool(following))
        if following and self._current >= 0:
            self._scroll_to(self._current, animate=True)

    def _set_following(self, following: bool) -> None:
        self.follow_button.setVisible(not following and self.turn_count() > 0)
        if not following:
            self._scroll_anim.stop()
        if following != self._following:
            self._following = following
            self.followingChanged.emit(following)

    def _on_user_scroll(self) -> None:
        if self.turn_count():
            self._set_following(False)

    def scroll_to_turn(self, index: int, animate: bool = False) -> None:
        """Bring turn *index* into view (upper third; centred in presentation mode)."""
        if 0 <= index < self.turn_count():
            self._scroll_to(index, animate=animate)

    def _scroll_to(self, row: int, animate: bool, y_in_row: float = 0.0, following: bool = False) -> None:
        self._list.executeDelayedItemsLayout()
        rect = self._list.visualRect(self._model.index(row))
        bar = self._list.verticalScrollBar()
        height = self._list.viewport().height()
        top = rect.top() + bar.value()
        if y_in_row:
            anchor = height / 3
            target = top + y_in_row - anchor
        elif following and not self._presentation and rect.height() < height * 0.75:
            target = top - height / 10
        elif self._presentation and rect.height() < height:
            target = top - (height - rect.height()) / 2
        elif rect.height() < height * 0.75:
            target = top - height / 5
        else:
            target = top
        target = int(max(bar.minimum(), min(bar.maximum(), target)))
        self._scroll_anim.stop()
        if not animate or abs(target - bar.value()) < 2 or not self.isVisible():
            bar.setValue(target)
            return
        self._scroll_anim.scroll(bar.value(), target)

    def _on_width_changed(self) -> None:
        if self._following and self._current >= 0:
            QTimer.singleShot(
                0, self, lambda: self._scroll_to(self._current, animate=False) if self._current >= 0 else None
            )

    def _on_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._set_following(True)
            span = self._span_at(index.row(), self._list.press_pos)
            self._list.press_pos = None
            if span is not None and span.index > 0:
                self.seekRequested.emit(float(span.start))
            else:
                self.turnActivated.emit(index.row())

    def _span_at(self, row: int, pos: QPointF | None):
        """The sentence of *row* under viewport point *pos* (None: none, or no sentence times)."""
        spans = self.sentences_of(row)
        if pos is None or not spans:
            return None
        layout, _h = self._delegate.layout(row)
        origin = self._delegate.text_origin(QRectF(self._list.visualRect(self._model.index(row))))
        offset = sentence_marks.char_at(layout, QPointF(pos) - origin)
        return None if offset is None else sentence_marks.span_at(spans, offset)

    def _tooltip(self, row: int, event) -> bool:
        """The tooltip of an uncertain sentence, for a tooltip event over turn *row* (the delegate's
        helpEvent asks: a tooltip event only, not an event filter called for every event of the
        viewport, paints included).  False: not over one (the turn's own tooltip then)."""
        if not self._aligned_sentences:
            return False
        span = self._span_at(row, QPointF(event.pos()))
        if span is None or not sentence_marks.is_uncertain(span, True):
            return False
        from PySide6.QtWidgets import QToolTip

        QToolTip.showText(
            event.globalPos(),
            self.tr(
                "The time of this sentence is uncertain: it was estimated from its neighbours. "
                "Press S when it begins to pin it."
            ),
            self._list.viewport(),
        )
        return True

    # --------------------------------------------------------------- zoom
    def font_size(self) -> float:
        return self._font_size

    def max_font_size(self) -> float:
        """The largest text size that still fits a readable line (about 24 characters) in the view's width.

        Zooming past it would break names ("Silvi…") and leave one word a line on a projector.
        """
        width = self._list.viewport().width() if self.isVisible() else 0
        if width <= 0:
            return MAX_FONT_PT
        probe = QFont(self.font())
        probe.setPointSizeF(100.0)
        probe.setBold(True)
        char_w = QFontMetricsF(probe).averageCharWidth() / 100.0  # pixels per point per character
        margins = 2 * (1.5 if self._presentation else 0.9) * 1.2 + 0.2  # margin_x + accent in ems (≈ 1.2 pt/px)
        fits = width / (char_w * (24 + margins))
        return max(MIN_FONT_PT, min(MAX_FONT_PT, fits))

    @Slot(float)
    def set_font_size(self, points: float) -> None:
        """Text size in points (clamped to 6–160, and to what fits a readable line: :meth:`max_font_size`)."""
        points = max(MIN_FONT_PT, min(int(self.max_font_size() * 10) / 10, round(float(points), 1)))
        if points == self._font_size:
            return
        self._font_size = points
        self._relayout()
        self.fontSizeChanged.emit(points)

    @Slot()
    def zoom_in(self) -> None:
        self.set_font_size(self._font_size + self._zoom_step())

    @Slot()
    def zoom_out(self) -> None:
        self.set_font_size(self._font_size - self._zoom_step())

    def _zoom_step(self) -> float:
        return max(1.0, round(self._font_size * 0.1))

    def _make_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self._font_size)
        return font

    def _relayout(self) -> None:
        """Fonts or spacing changed: redo the layouts, keeping the reading position."""
        keep = self._current if self._following else self._list.indexAt(self._list.viewport().rect().topLeft()).row()
        self._metrics = _Metrics(self._make_font(), self._presentation)
        self._message.setFont(self._metrics.text_font)
        self._delegate.invalidate()
        self._list.scheduleDelayedItemsLayout()
        if keep >= 0:
            self._scroll_to(keep, animate=False)

    # -------------------------------------------------------------- theme
    def set_theme(self, name: str) -> None:
        """``"default"`` (follows the palette), ``"light-contrast"`` or ``"dark-contrast"``."""
        if name not in THEMES:
            raise ValueError(f"unknown transcript theme {name!r}")
        self._theme = name
        self._apply_theme()

    def theme(self) -> str:
        return self._theme

    def set_presentation(self, on: bool) -> None:
        """Presentation mode: large type, generous spacing, current turn centred."""
        on = bool(on)
        if on == self._presentation:
            return
        self._presentation = on
        self._font_size = PRESENTATION_FONT_PT if on else DEFAULT_FONT_PT
        self._list.setVerticalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAlwaysOff if on else Qt.ScrollBarPolicy.ScrollBarAlwaysOn
        )
        self._relayout()
        self.fontSizeChanged.emit(self._font_size)

    def is_presentation(self) -> bool:
        return self._presentation

    def speaker_color(self, speaker: str) -> QColor:
        colors = self._colors.speakers
        return colors[self._speaker_slots.get(speaker, 0) % len(colors)]

    def _apply_theme(self) -> None:
        if self._theme == "default":
            self.setPalette(QPalette())  # back to the application's palette
        self._colors = _theme_colors(self._theme, self.palette() if self._theme == "default" else QPalette())
        if self._theme != "default":
            pal = QPalette(self.palette())
            for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled):
                for role, color in (
                    (QPalette.ColorRole.Base, self._colors.base),
                    (QPalette.ColorRole.Window, self._colors.base),
                    (QPalette.ColorRole.Text, self._colors.text),
                    (QPalette.ColorRole.WindowText, self._colors.text),
                ):
                    pal.setColor(group, role, color)
            self.setPalette(pal)
        self._message.setStyleSheet(f"color: {self._colors.subtle.name(QColor.NameFormat.HexArgb)};")
        self._list.viewport().update()

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and self._theme == "default":
            self._colors = _theme_colors("default", self.palette())
            self._list.viewport().update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place_follow_button()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._place_follow_button()

    def _place_follow_button(self) -> None:
        """The "Follow audio" pill has its own row under the text (a layout), so it never covers a line."""
        self.follow_button.raise_()

    # -------------------------------------------------------- context menu
    def _context_menu(self, pos) -> None:
        index = self._list.indexAt(pos)
        if index.isValid():
            self.turn_menu(index.row()).exec(self._list.viewport().mapToGlobal(pos))

    def turn_menu(self, index: int) -> QMenu:
        """The context menu of turn *index* (play from here, anchor, copy, note)."""
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction(self.tr("Play from here"), lambda: self._on_clicked(self._model.index(index)))
        menu.addAction(self.tr("This turn starts now"), lambda: self.anchorRequested.emit(index))
        menu.addSeparator()
        menu.addAction(self.tr("Copy text"), lambda: self.copy_turn(index))
        menu.addAction(self.tr("Add note here"), lambda: self.noteRequested.emit(index))
        menu.addAction(self.tr("Quote from this turn…"), lambda: self.quoteRequested.emit(index))
        return menu

    def copy_turn(self, index: int) -> None:
        """Put turn *index*'s text on the clipboard."""
        if 0 <= index < self.turn_count():
            QGuiApplication.clipboard().setText(self._model.turns[index].text)


# ---------------------------------------------------------------- find bar
