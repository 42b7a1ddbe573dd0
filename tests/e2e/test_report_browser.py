"""The report's Mermaid charts in a real browser: Debian's chromium renders every block with the pinned mermaid.

The page is the report as GitHub's renderer (cmark-gfm) makes it, with each
``mermaid`` code block drawn by the `mermaid` package from the npm registry,
pinned below and installed once into a cache folder (``.ci/run`` does it in CI).
All blocks render in one page load. Set ``MEETINGTUI_REPORT_SCREENSHOT`` to a
path to keep the 1280 px screenshot (``docs/report-screenshot.png`` is made so).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import DISK_TEMP, require_tool
from tests.e2e.test_report_command import meetingtui, team  # noqa: F401 - the generated history, a module fixture
from tests.report_data import HOSTILE_AGENDA

playwright = pytest.importorskip("playwright.async_api", reason="playwright is not installed")

MERMAID_VERSION = "12.4.0"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]
STYLE = """
body { font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328;
       max-width: 1012px; margin: 24px auto; padding: 0 32px; }
h1, h2 { border-bottom: 1px solid #d1d9e0; padding-bottom: .3em; }
table { border-collapse: collapse; margin: 0 0 16px; display: block; width: max-content; max-width: 100%;
        overflow: auto; }
th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
tr:nth-child(2n) { background: #f6f8fa; }
code { background: #eff1f3; padding: .2em .4em; border-radius: 6px; }
.chart { margin: 0 0 16px; }
"""
RENDER = """
async () => {
  mermaid.initialize({ startOnLoad: false, securityLevel: "strict" });
  const results = [];
  const blocks = [...document.querySelectorAll("pre > code.language-mermaid")];
  for (const [index, code] of blocks.entries()) {
    const source = code.textContent;
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(`chart${index}`, source);
      const chart = document.createElement("div");
      chart.className = "chart";
      chart.innerHTML = svg;
      code.parentElement.replaceWith(chart);
      results.push({ ok: true, text: chart.textContent, source });
    } catch (error) {
      results.push({ ok: false, error: String(error), source });
    }
  }
  return results;
}
"""


def mermaid_script() -> Path:
    """``mermaid.min.js`` of the pinned version, installed with npm into a cache folder on first use."""
    cache = Path(os.environ.get("MEETINGTUI_NPM_CACHE", DISK_TEMP / "meetingtui-npm"))  # kept between runs
    prefix = cache / f"mermaid-{MERMAID_VERSION}"
    script = prefix / "node_modules" / "mermaid" / "dist" / "mermaid.min.js"
    if not script.is_file():
        npm = require_tool("npm")
        subprocess.run(
            [npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", f"mermaid@{MERMAID_VERSION}"],
            check=True,
            capture_output=True,
            timeout=600,
        )
    return script


async def test_every_chart_renders_and_hostile_labels_are_drawn_as_text(team: Path, tmp_path: Path) -> None:  # noqa: F811
    chromium = require_tool("chromium")
    cmark = require_tool("cmark-gfm")
    script = mermaid_script()
    markdown = meetingtui("report", "--repo", str(team), "--since", "2026-10-01").stdout
    body = subprocess.run(
        [cmark, "-e", "table", "-e", "tasklist", "-e", "autolink"], input=markdown, capture_output=True, text=True
    ).stdout
    page_file = tmp_path / "report.html"
    page_file.write_text(f'<!doctype html><meta charset="utf-8"><style>{STYLE}</style><body>{body}</body>')
    async with playwright.async_playwright() as driver:
        browser = await driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            page = await browser.new_page(viewport={"width": 1280, "height": 900})
            problems: list[str] = []
            page.on("pageerror", lambda error: problems.append(str(error)))
            await page.goto(page_file.as_uri())
            await page.add_script_tag(path=str(script))
            results = await page.evaluate(RENDER)
            screenshot = tmp_path / "report.png"
            await page.screenshot(path=str(screenshot), full_page=True)
            assert await page.locator("script").count() == 1  # only mermaid's own: nothing injected
            assert await page.locator(".chart svg").count() == len(results)
        finally:
            await browser.close()
    assert len(results) == markdown.count("```mermaid") >= 6
    failed = [r for r in results if not r["ok"]]
    assert not failed, failed
    assert not problems, problems
    agenda_chart = next(r for r in results if "Meetings per agenda" in r["text"])
    assert HOSTILE_AGENDA in agenda_chart["text"]  # quotes, ;, :, [ ], %%, #, emoji and Arabic, as typed
    assert "Sales → Marketing" in next(r["text"] for r in results if "Concerns raised" in r["text"])
    wanted = os.environ.get("MEETINGTUI_REPORT_SCREENSHOT")
    if wanted:
        shutil.copyfile(screenshot, wanted)
