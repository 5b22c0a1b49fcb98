"""The save-and-share tab: downloads (TOML, CSV), upload of a scenario file, a link."""

from __future__ import annotations

import base64
import binascii

import solara

from parameters import ParameterError
from visualization.app import state
from visualization.app.compute import LiveResult, results_csv
from visualization.app.controls import scenario_name
from visualization.app.settings import (
    MAX_UPLOAD_BYTES,
    Settings,
    check_upload_size,
    parse_upload,
    to_query,
    to_toml,
)
from visualization.app.strings import t
from visualization.app.widgets import FileChooser, LinkBox
from visualization.i18n import Lang


def exported_toml(settings: Settings, lang: Lang) -> str:
    """The scenario file offered for download."""
    base = settings.uploaded_name if settings.base == "uploaded" else settings.base
    n = len(settings.levers) + len(settings.assumptions)
    return to_toml(settings, "web-app-setting", t("exported_desc", "en", base=base, n=n))


def apply_upload(payload: dict) -> tuple[bool, str]:
    """Apply an uploaded file's settings; (ok, message). A bad file changes nothing."""
    encoded = payload.get("base64")
    try:
        check_upload_size(int(payload.get("size") or 0))
        if not isinstance(encoded, str):
            raise ParameterError("the file could not be read")
        check_upload_size(len(encoded) * 3 // 4)  # before decoding what the browser sent
        name, values = parse_upload(base64.b64decode(encoded, validate=True))
    except (ParameterError, binascii.Error, ValueError) as e:
        return False, str(e)
    state.settings.value = state.settings.value.with_uploaded(name, values)
    return True, name


@solara.component
def Share(result: LiveResult | None, lang: Lang):
    """Downloads, upload and link."""
    settings = state.settings.value
    notice, set_notice = solara.use_state(("", ""))  # (kind, text)

    def on_upload(payload: dict) -> None:
        ok, text = apply_upload(payload)
        if ok:
            n = len(state.settings.value.uploaded)
            set_notice(("ok", t("upload_ok", lang, name=text, n=n)))
        else:
            set_notice(("bad", t("upload_bad", lang, msg=text)))

    with solara.Div(classes=["cp-share"]):
        with solara.Div(classes=["cp-card"]):
            solara.Div(children=[t("downloads", lang)], classes=["cp-card-title"])
            with solara.Row(style={"flex-wrap": "wrap"}):
                solara.FileDownload(
                    data=lambda: exported_toml(settings, lang).encode("utf-8"),
                    filename="carbonpeak-scenario.toml",
                    label=t("download_toml", lang),
                    mime_type="application/toml",
                )
                if result is not None:
                    solara.FileDownload(
                        data=lambda: results_csv(result),
                        filename="carbonpeak-results.csv",
                        label=t("download_csv", lang),
                        mime_type="text/csv",
                    )
            solara.Div(children=[t("toml_note", lang)], classes=["cp-caption"])
            solara.Div(children=[t("png_note", lang)], classes=["cp-caption"])
            colon = "：" if lang == "zh" else ": "
            solara.Div(
                children=[f"{t('preset', lang)}{colon}{scenario_name(settings, lang)}"],
                classes=["cp-caption"],
            )
        with solara.Div(classes=["cp-card"]):
            solara.Div(children=[t("upload", lang)], classes=["cp-card-title"])
            FileChooser(
                button_label=t("upload_button", lang),
                max_bytes=MAX_UPLOAD_BYTES,
                event_upload=on_upload,
            )
            kind, text = notice
            if kind == "ok":
                solara.Success(text, dense=True, classes=["cp-upload-ok"])
            elif kind == "bad":
                solara.Error(text, dense=True, classes=["cp-upload-error"])
        with solara.Div(classes=["cp-card"]):
            solara.Div(children=[t("link", lang)], classes=["cp-card-title"])
            LinkBox(
                query=to_query(settings, lang),
                copy_label=t("copy", lang),
                copied_label=t("copied", lang),
            )
            solara.Div(children=[t("link_help", lang)], classes=["cp-caption"])
