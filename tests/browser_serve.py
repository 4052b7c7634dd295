#!/usr/bin/python3
"""browser_serve.py BASE_URL — the page of mzsearch --serve in headless
Chromium (Debian's chromium + chromium-driver, driven by python3-selenium),
as a member of staff uses it: search 好人主义, see results with the hit
highlighted, apply a filter, open the context, page back, copy a passage,
read it at phone width; and a document holding <script>, <img onerror>
and a javascript: link shows those characters and runs nothing.

Run by tests/e2e_serve.sh against its server and fixtures; prints one
line per check ("ok NAME" / "not ok NAME: why"), as the test runner reads
them.  Exits non-zero only when the browser cannot be driven at all."""
import os
import sys
import tempfile
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = sys.argv[1]
WAIT = 15


def report(name, good, why):
    print(f"ok {name}" if good else f"not ok {name}: {why}", flush=True)


def browser(scratch):
    # Chromium leaves its singleton socket folder in $TMPDIR: give it the
    # test's own, removed at the end, and its profile there too.
    os.environ["TMPDIR"] = scratch
    o = webdriver.ChromeOptions()
    o.binary_location = "/usr/bin/chromium"
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1100,900",
              "--lang=zh-CN", "--user-data-dir=" + os.path.join(scratch, "profile")):
        o.add_argument(a)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"),
                            options=o)


def wait_for(d, cond, what):
    # The page redraws its filters and results when an answer comes, so an
    # element found a moment ago may be gone when cond reads it: ask again.
    try:
        return WebDriverWait(d, WAIT, ignored_exceptions=[StaleElementReferenceException]
                             ).until(lambda _: cond())
    except Exception:
        raise AssertionError(f"timed out waiting for {what}")


def hits(d):
    return d.find_elements(By.CSS_SELECTOR, "#results .hit")


def status(d):
    return d.find_element(By.ID, "status").text


def check(name, fn):
    try:
        fn()
        report(name, True, "")
    except AssertionError as e:
        report(name, False, str(e))
    except Exception as e:  # a page that broke: say how, go on
        report(name, False, f"{type(e).__name__}: {e}".splitlines()[0])


def main():
    with tempfile.TemporaryDirectory(prefix="mzbrowser.",
                                     ignore_cleanup_errors=True) as scratch:
        d = browser(scratch)
        try:
            run(d)
        finally:
            d.quit()


def run(d):
    def search():
        d.get(BASE + "/")
        box = d.find_element(By.ID, "q")
        box.send_keys("好人主义")
        d.find_element(By.ID, "go").click()
        wait_for(d, lambda: hits(d), "results for 好人主义")
        marks = [m.text for m in d.find_elements(By.CSS_SELECTOR, "#results mark")]
        assert "好人主义" in marks, f"no highlighted 好人主义 among {marks[:5]}"
        where = hits(d)[0].find_element(By.CSS_SELECTOR, ".where").text
        assert ":" in where, f"no file:line in '{where}'"
        q = urllib.parse.parse_qs(urllib.parse.urlparse(d.current_url).query)
        assert q.get("q") == ["好人主义"], f"the URL does not carry the query: {d.current_url}"
        assert "找到" in status(d), f"status '{status(d)}'"
    check("browser-search-highlight", search)

    def section_path():
        secs = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#results .section")]
        assert any("、" in s for s in secs), f"no section path among {secs[:3]}"
    check("browser-section-path", section_path)

    def facet_counts():
        opts = [o.text for o in Select(d.find_element(By.ID, "f-type")).options]
        assert any(o.startswith("个人（") for o in opts), f"type options {opts}"
    check("browser-facet-counts", facet_counts)

    def filter_type():
        before = len(hits(d))
        Select(d.find_element(By.ID, "f-type")).select_by_value("personal")
        wait_for(d, lambda: "type=personal" in d.current_url, "the filter in the URL")
        wait_for(d, lambda: hits(d) and all(
            "个人" in h.find_element(By.CSS_SELECTOR, ".where").text for h in hits(d)),
            "only personal materials")
        assert len(hits(d)) < before, f"{len(hits(d))} results, {before} before"
    check("browser-filter", filter_type)

    def context():
        h = hits(d)[0]
        h.find_element(By.CSS_SELECTOR, "button.more").click()
        box = h.find_element(By.CSS_SELECTOR, ".context")
        wait_for(d, lambda: box.is_displayed() and
                 box.find_elements(By.CSS_SELECTOR, "p.target"), "the context")
        paras = box.find_elements(By.CSS_SELECTOR, "p")
        assert len(paras) >= 2, f"{len(paras)} paragraphs in the context"
        assert "好人主义" in box.find_element(By.CSS_SELECTOR, "p.target").text
    check("browser-context", context)

    def copy_button():
        b = hits(d)[0].find_element(By.CSS_SELECTOR, "button.copy")
        b.click()
        wait_for(d, lambda: b.get_attribute("data-copied") is not None,
                 "the copy button's answer")
    check("browser-copy", copy_button)

    def back_button():
        d.back()
        wait_for(d, lambda: "type=personal" not in d.current_url, "the URL before the filter")
        wait_for(d, lambda: Select(d.find_element(By.ID, "f-type"))
                 .first_selected_option.get_attribute("value") == "", "the filter cleared")
        assert d.find_element(By.ID, "q").get_attribute("value") == "好人主义"
    check("browser-back", back_button)

    def paging():
        d.get(BASE + "/?q=" + urllib.parse.quote("批评意见"))
        wait_for(d, lambda: hits(d), "results for 批评意见")
        first = hits(d)[0].find_element(By.CSS_SELECTOR, ".where").text
        d.find_element(By.ID, "next").click()
        wait_for(d, lambda: "offset=10" in d.current_url and hits(d) and
                 hits(d)[0].find_element(By.CSS_SELECTOR, ".where").text != first,
                 "the second page")
    check("browser-paging", paging)

    def hostile():
        d.get(BASE + "/?q=" + urllib.parse.quote("好人主义标记 OR 好人主义图片 OR 好人主义链接"))
        wait_for(d, lambda: len(hits(d)) >= 3, "the three hostile passages")
        text = d.find_element(By.ID, "results").text
        for s in ("<script>", "<img src=x onerror=", 'href="javascript:'):
            assert s in text, f"'{s}' is not shown as text"
        assert not d.find_elements(By.CSS_SELECTOR, "#results script, #results img, #results a"), \
            "document markup became elements"
        assert "pwned" not in d.title, f"a document's script ran (title '{d.title}')"
    check("browser-hostile-document", hostile)

    def phone_width():
        d.set_window_size(390, 800)
        d.get(BASE + "/?q=" + urllib.parse.quote("好人主义"))
        wait_for(d, lambda: hits(d), "results at phone width")
        width = d.execute_script("return document.documentElement.scrollWidth")
        inner = d.execute_script("return window.innerWidth")
        assert width <= inner, f"the page is {width}px wide in a {inner}px window"
    check("browser-phone-width", phone_width)


if __name__ == "__main__":
    main()
