"""The transport bar under the transcript: :class:`PlayerBar`.

Play/pause, back 15 s / forward 30 s, a seek slider between elapsed and
remaining time, speed presets, volume and mute, and a banner for the player's
error messages.  It is bound to a :class:`~lornplayer.ui.player.Player` with
:meth:`PlayerBar.set_player`; global shortcuts belong to the main window,
which can connect them to :meth:`PlayerBar.speed_up` / :meth:`PlayerBar.speed_down`.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStyle,
    QStyleOptionSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lornplayer.export import format_time
from lornplayer.ui.player import Player

SKIP_BACK = 15.0
SKIP_FORWARD = 30.0
SPEEDS = (0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5)
MINUS = "\u2212"


class _Slider(QSlider):
    """A horizontal slider whose handle jumps to a left click on the groove (and starts a drag there)."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt naming
        if event.button() == Qt.MouseButton.LeftButton and self.maximum() > self.minimum():
            opt = QStyleOptionSlider()
            self.initStyleOption(opt)
            style = self.style()
            handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderHandle, self)
            if not handle.contains(event.position().toPoint()):
                groove = style.subControlRect(
                    QStyle.ComplexControl.CC_Slider, opt, QStyle.SubControl.SC_SliderGroove, self
                )
                x = int(event.position().x() - groove.x() - handle.width() / 2)
                self.setSliderPosition(
                    QStyle.sliderValueFromPosition(
                        self.minimum(), self.maximum(), x, groove.width() - handle.width(), opt.upsideDown
                    )
                )
        super().mousePressEvent(event)


def _speed_text(rate: float) -> str:
    """``1.25×`` in English, ``1,25×`` in Norwegian."""
    return QLocale().toString(float(rate), "g", 3) + "×"


class PlayerBar(QWidget):
    """Transport controls bound to a Player; see the module doc."""

    userSeeked = Signal(float)  # the user moved the position (slider or skip buttons), in seconds

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("playerBar")
        self._player: Player | None = None
        self._duration = 0.0
        style = self.style()
        icon = style.standardIcon
        SP = QStyle.StandardPixmap

        # Error banner.
        self.banner = QFrame()
        self.banner.setObjectName("playerMessage")
        self.banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.banner.setStyleSheet(
            "#playerMessage { background: #fff4ce; border: 1px solid #e0b400;"
            " border-radius: 4px; } #playerMessage QLabel { color: #3d2f00; }"
        )
        warn = QLabel()
        size = style.pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        warn.setPixmap(icon(SP.SP_MessageBoxWarning).pixmap(size, size))
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message_label.setAccessibleName(self.tr("Player message"))
        close = QToolButton()
        close.setIcon(icon(SP.SP_TitleBarCloseButton))
        close.setAutoRaise(True)
        close.setToolTip(self.tr("Hide this message"))
        close.setAccessibleName(self.tr("Hide this message"))
        close.clicked.connect(lambda: self.show_message(None))
        banner_row = QHBoxLayout(self.banner)
        banner_row.setContentsMargins(8, 4, 4, 4)
        banner_row.addWidget(warn, 0, Qt.AlignmentFlag.AlignTop)
        banner_row.addWidget(self.message_label, 1)
        banner_row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.banner.hide()

        # Transport.
        self.back_button = self._tool(
            icon(SP.SP_MediaSeekBackward), self.tr("Back 15 seconds"), "←", lambda: self._skip(-SKIP_BACK)
        )
        self.play_button = self._tool(icon(SP.SP_MediaPlay), self.tr("Play"), self.tr("Space"), self._toggle)
        self.forward_button = self._tool(
            icon(SP.SP_MediaSeekForward), self.tr("Forward 30 seconds"), "→", lambda: self._skip(SKIP_FORWARD)
        )
        self.play_button.setIconSize(self.play_button.iconSize() * 1.4)

        self.elapsed_label = self._time_label(self.tr("Elapsed time"))
        self.remaining_label = self._time_label(self.tr("Remaining time"))
        self.slider = _Slider()
        self.slider.setObjectName("seekSlider")
        self.slider.setAccessibleName(self.tr("Position"))
        self.slider.setToolTip(self.tr("Position (← back 15 s, → forward 30 s)"))
        self.slider.setRange(0, 0)
        self.slider.setSingleStep(5000)
        self.slider.setPageStep(30000)
        self.slider.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.slider.sliderMoved.connect(self._show_time)
        self.slider.sliderReleased.connect(lambda: self._seek(self.slider.value() / 1000.0))
        self.slider.actionTriggered.connect(self._on_slider_action)

        self.speed_box = QComboBox()
        self.speed_box.setObjectName("speedBox")
        self.speed_box.setAccessibleName(self.tr("Playback speed"))
        self.speed_box.setToolTip(self.tr("Playback speed ([ slower, ] faster)"))
        for rate in SPEEDS:
            self.speed_box.addItem(_speed_text(rate), rate)
        self.speed_box.setCurrentIndex(SPEEDS.index(1.0))
        self.speed_box.activated.connect(lambda i: self._set_rate(self.speed_box.itemData(i)))

        self.mute_button = self._tool(icon(SP.SP_MediaVolume), self.tr("Mute"), "M", self._toggle_mute)
        self.mute_button.setCheckable(True)
        self.volume_slider = _Slider()
        self.volume_slider.setObjectName("volumeSlider")
        self.volume_slider.setRange(0, 100)
        self.volume_slider.setValue(100)
        self.volume_slider.setFixedWidth(100)
        self.volume_slider.setAccessibleName(self.tr("Volume"))
        self.volume_slider.setToolTip(self.tr("Volume"))
        self.volume_slider.valueChanged.connect(self._on_volume_slider)

        row = QHBoxLayout()
        row.setContentsMargins(8, 4, 8, 6)
        row.setSpacing(6)
        for w in (self.back_button, self.play_button, self.forward_button, self.elapsed_label):
            row.addWidget(w)
        row.addWidget(self.slider, 1)
        row.addWidget(self.remaining_label)
        row.addSpacing(8)
        for w in (self.speed_box, self.mute_button, self.volume_slider):
            row.addWidget(w)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 4, 8, 0)
        outer.setSpacing(2)
        outer.addWidget(self.banner)
        outer.addLayout(row)
        self._update_enabled()
        self._fit_time_labels()
        self._show_time(0)

    # ----------------------------------------------------------- building
    def _tool(self, icon, name: str, shortcut: str, slot) -> QToolButton:
        button = QToolButton()
        button.setIcon(icon)
        button.setAutoRaise(True)
        button.setAccessibleName(name)
        button.setToolTip(self.tr("{0} ({1})").format(name, shortcut))
        button.clicked.connect(slot)
        return button

    def _time_label(self, name: str) -> QLabel:
        label = QLabel()
        label.setAccessibleName(name)
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return label

    def _fit_time_labels(self) -> None:
        """Wide enough for the longest time of this media, so the slider does not jitter."""
        template = MINUS + ("0:00:00" if self._duration >= 3600 else "00:00")
        for label in (self.elapsed_label, self.remaining_label):
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(template) + 4)

    # ------------------------------------------------------------ binding
    def set_player(self, player: Player) -> None:
        """Bind to *player*: controls drive it and follow its signals."""
        if self._player is not None:
            for signal, slot in self._connections():
                signal.disconnect(slot)
        self._player = player
        for signal, slot in self._connections():
            signal.connect(slot)
        self._on_playing(player.is_playing())
        self._on_duration(player.duration())
        self._on_position(player.position())
        self._on_rate(player.rate())
        self._on_volume(player.volume())
        self._on_muted(player.is_muted())
        if not Player.available():
            self.show_message(Player.unavailable_reason())
        self._update_enabled()

    def player(self) -> Player | None:
        return self._player

    def _connections(self):
        p = self._player
        return (
            (p.positionChanged, self._on_position),
            (p.durationChanged, self._on_duration),
            (p.playingChanged, self._on_playing),
            (p.rateChanged, self._on_rate),
            (p.volumeChanged, self._on_volume),
            (p.mutedChanged, self._on_muted),
            (p.loaded, self._on_loaded),
            (p.error, self._on_error),
        )

    # ----------------------------------------------------------- messages
    @Slot(str)
    def _on_error(self, message: str) -> None:
        self.show_message(message)
        self._update_enabled()  # e.g. playback turned out to be unavailable when the first file opened

    @Slot(str)
    def show_message(self, text: str | None) -> None:
        """Show *text* in the banner above the controls; None or '' hides it."""
        self.message_label.setText(text or "")
        self.banner.setVisible(bool(text))
        if text:
            self._update_enabled()

    def message_text(self) -> str:
        """The banner's message ('' when hidden)."""
        return self.message_label.text() if self.banner.isVisibleTo(self) else ""

    # ------------------------------------------------------------- speed
    @Slot()
    def speed_up(self) -> None:
        """Next faster preset speed."""
        if self._player is not None:
            self._set_rate(next((s for s in SPEEDS if s > self._player.rate() + 1e-6), SPEEDS[-1]))

    @Slot()
    def speed_down(self) -> None:
        """Next slower preset speed."""
        if self._player is not None:
            self._set_rate(next((s for s in reversed(SPEEDS) if s < self._player.rate() - 1e-6), SPEEDS[0]))

    def _set_rate(self, rate: float) -> None:
        if self._player is not None:
            self._player.set_rate(rate)

    # ----------------------------------------------------- user actions
    def _toggle(self) -> None:
        if self._player is not None:
            self._player.toggle()

    def _skip(self, delta: float) -> None:
        if self._player is not None and self._player.is_loaded():
            self._player.skip(delta)
            self.userSeeked.emit(self._player.position())

    def _seek(self, seconds: float) -> None:
        if self._player is not None and self._player.is_loaded():
            self._player.seek(seconds)
            self.userSeeked.emit(seconds)

    def _on_slider_action(self, action: int) -> None:
        # Keyboard, wheel and page clicks seek at once; drags seek on release.
        if action != QSlider.SliderAction.SliderNoAction.value and not self.slider.isSliderDown():
            self._seek(self.slider.sliderPosition() / 1000.0)

    def _toggle_mute(self) -> None:
        if self._player is not None:
            self._player.set_muted(self.mute_button.isChecked())

    def _on_volume_slider(self, value: int) -> None:
        if self._player is not None:
            self._player.set_volume(value / 100.0)

    # ---------------------------------------------------- player signals
    def _on_position(self, seconds: float) -> None:
        if self.slider.isSliderDown():
            return  # the user is dragging: don't fight them
        self.slider.blockSignals(True)
        self.slider.setValue(round(seconds * 1000))
        self.slider.blockSignals(False)
        self._show_time(round(seconds * 1000))

    def _on_duration(self, seconds: float) -> None:
        self._duration = max(0.0, seconds)
        self.slider.setRange(0, round(self._duration * 1000))
        self._fit_time_labels()
        self._show_time(self.slider.value())
        self._update_enabled()

    def _show_time(self, ms: int) -> None:
        seconds = ms / 1000.0
        self.elapsed_label.setText(format_time(seconds))
        if self._duration > 0:
            self.remaining_label.setText(MINUS + format_time(max(0.0, self._duration - seconds)))
        else:
            self.remaining_label.setText("--:--")

    def _on_playing(self, playing: bool) -> None:
        SP = QStyle.StandardPixmap
        name = self.tr("Pause") if playing else self.tr("Play")
        self.play_button.setIcon(self.style().standardIcon(SP.SP_MediaPause if playing else SP.SP_MediaPlay))
        self.play_button.setAccessibleName(name)
        self.play_button.setToolTip(self.tr("{0} ({1})").format(name, self.tr("Space")))

    def _on_rate(self, rate: float) -> None:
        index = self.speed_box.findData(rate)
        if index < 0:  # a speed between the presets (restored from settings)
            index = sum(1 for s in (self.speed_box.itemData(i) for i in range(self.speed_box.count())) if s < rate)
            self.speed_box.insertItem(index, _speed_text(rate), rate)
        self.speed_box.setCurrentIndex(index)

    def _on_volume(self, volume: float) -> None:
        self.volume_slider.blockSignals(True)
        self.volume_slider.setValue(round(volume * 100))
        self.volume_slider.blockSignals(False)

    def _on_muted(self, muted: bool) -> None:
        SP = QStyle.StandardPixmap
        self.mute_button.setChecked(muted)
        self.mute_button.setIcon(self.style().standardIcon(SP.SP_MediaVolumeMuted if muted else SP.SP_MediaVolume))
        name = self.tr("Unmute") if muted else self.tr("Mute")
        self.mute_button.setAccessibleName(name)
        self.mute_button.setToolTip(self.tr("{0} ({1})").format(name, "M"))

    def _on_loaded(self, _path: str) -> None:
        self.show_message(None)
        self._update_enabled()

    def _update_enabled(self) -> None:
        loaded = self._player is not None and self._player.is_loaded()
        for w in (self.play_button, self.back_button, self.forward_button, self.slider):
            w.setEnabled(loaded)
        usable = self._player is not None and Player.available()
        for w in (self.speed_box, self.mute_button, self.volume_slider):
            w.setEnabled(usable)
