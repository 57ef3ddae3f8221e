"""The chat's theme: Gradio's Default, with the colours that fall below WCAG AA contrast replaced.

Measured with axe-core on Gradio 6's Default theme (blue/slate): the primary button's white on
blue-500 is 3.7:1 and the subdued grey text 1.9:1, where AA asks for 4.5:1.
"""

from __future__ import annotations

import gradio as gr


def theme() -> gr.themes.Base:
    """Default theme, blue and slate, at AA contrast (light and dark)."""
    return gr.themes.Default(primary_hue="blue", secondary_hue="slate").set(
        button_primary_background_fill="*primary_700",  # white on #1d4ed8: 6.7:1
        button_primary_background_fill_hover="*primary_800",
        button_primary_background_fill_dark="*primary_700",
        button_primary_background_fill_hover_dark="*primary_800",
        body_text_color_subdued="*neutral_600",  # #4b5563 on white: 7.6:1
        input_placeholder_color="*neutral_500",  # #6b7280 on white: 4.8:1
    )
