"""tools/pictures.py draws the README's pictures from the bot's real replies."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from project_paths import ROOT

from bot.discord_app.embeds import LIST_LINES_PER_PAGE

SCRIPT = ROOT / "tools" / "pictures.py"


def _module():
    spec = importlib.util.spec_from_file_location("pictures", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("pictures", module)  # its dataclass looks itself up there
    spec.loader.exec_module(module)
    return module


def test_markdown_of_our_embeds_becomes_html():
    """Bold, italic, code, links and escaped characters come out as a reader sees them."""
    markdown = _module().markdown
    assert markdown("**Wang Yi** — *role* `id`") == (
        "<strong>Wang Yi</strong> — <em>role</em> <code>id</code>"
    )
    assert markdown("NewsX: [Can\\'t \\[stop\\]](https://x.org/a%28b%29)") == (
        'NewsX: <a href="https://x.org/a%28b%29">Can&#x27;t [stop]</a>'
    )
    assert markdown("a\\*b\\* <script>\nline") == "a*b* &lt;script&gt;<br>line"


def test_the_pages_hold_the_bots_real_replies(tmp_path, sheet):
    """`--html`: one page per question, with the reply's embed, its page number and controls."""
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--html", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    pages = {path.stem: path.read_text(encoding="utf-8") for path in tmp_path.glob("*.html")}
    assert set(pages) == {"quote-mao-ning", "when-no-limits", "quote-picker", "timeline-paged"}
    assert "2 quotes from Mao Ning" in pages["quote-mao-ning"]
    assert "page 1/2" in pages["quote-mao-ning"] and ">Next</div>" in pages["quote-mao-ning"]
    assert "“no limits”" in pages["when-no-limits"]
    assert "Which one?" in pages["quote-picker"] and "<b>Wang Yi</b>" in pages["quote-picker"]
    assert f"{len(sheet.events)} events, in date order" in pages["timeline-paged"]
    assert f"page 1/{-(-len(sheet.events) // LIST_LINES_PER_PAGE)}" in pages["timeline-paged"]
