"""Walk a month of the demo county in Chromium as every role, with one screenshot per step.

    .venv/bin/python scripts/walk_month.py [--out docs/screenshots/walk] [--data DIR]

Loads the demo county into a fresh data folder (`leitai migrate && leitai demo`), serves it with
gunicorn on a free 127.0.0.1 port and drives Chromium (Playwright for Python, /usr/bin/chromium)
through the month described in docs/walk.md. Each step saves `NN-role-step.png` (desktop
1366×900, the reporter's phone 390×844). A step that fails saves its screenshot as
`NN-role-step-FAILED.png`, prints the error and the walk goes on; the exit status is the number
of failed steps.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, expect, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PASSWORD = "demo2022"
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load_demo(data: Path) -> dict:
    env = {**os.environ, "LEITAI_DATA_DIR": str(data), "LEITAI_DEBUG": ""}
    leitai = str(BIN / "leitai")
    if not (data / "leitai.sqlite3").exists():
        subprocess.run([leitai, "migrate", "--noinput", "-v0"], env=env, check=True)
        subprocess.run([leitai, "demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([leitai, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    return env


def serve(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "leitai.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


class Walk:
    """The browser, the server's address and the screenshots taken so far."""

    def __init__(self, browser, base: str, out: Path):
        self.browser = browser
        self.base = base
        self.out = out
        self.number = 0
        self.failed: list[str] = []
        self.pages: dict[str, Page] = {}

    def as_(self, username: str, phone: bool = False) -> Page:
        """Return a page logged in as `username` (one browser context per person)."""
        if username not in self.pages:
            context = self.browser.new_context(
                viewport=PHONE if phone else DESKTOP,
                locale="zh-CN",
                device_scale_factor=1,
                is_mobile=phone,
                has_touch=phone,
            )
            context.set_default_timeout(10_000)
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())
            page.goto(f"{self.base}/accounts/login/")
            page.fill("#id_username", username)
            page.fill("#id_password", PASSWORD)
            page.click("button[type=submit]")
            page.wait_for_load_state()
            self.pages[username] = page
        return self.pages[username]

    def go(self, page: Page, path: str) -> None:
        response = page.goto(self.base + path)
        if response is not None and response.status >= 400:
            raise AssertionError(f"{path} answered {response.status}")

    def step(self, role: str, name: str, page: Page, action) -> None:
        """Run `action(page)`, then save the page as NN-role-name.png."""
        self.number += 1
        stem = f"{self.number:02d}-{role}-{name}"
        try:
            action(page)
            page.wait_for_load_state()
            page.screenshot(path=str(self.out / f"{stem}.png"))
            print(f"ok   {stem}")
        except Exception:
            self.failed.append(stem)
            traceback.print_exc()
            page.screenshot(path=str(self.out / f"{stem}-FAILED.png"))
            print(f"FAIL {stem}")


PREPARE = """
from leitai.assessment.models import IndicatorValue, Submission
sub = Submission.objects.get(period__code="2022-10", unit__name="县发展和改革局")
Submission.objects.filter(pk=sub.pk).update(state="draft")
values = IndicatorValue.objects.filter(period=sub.period, unit=sub.unit)
values.update(state="draft")
# The statistics bureau's own figures (P01, A01-A10) wait for its verification.
values.filter(indicator_code__in=["P01"] + [f"A{n:02d}" for n in range(1, 11)]).update(
    state="submitted"
)
"""


def prepare(env: dict) -> None:
    """Put 县发展和改革局's October back to draft, as if it had not reported yet."""
    subprocess.run([str(BIN / "leitai"), "shell", "-v0", "-c", PREPARE], env=env, check=True)


def month(walk: Walk) -> None:
    """The month, step by step (docs/walk.md tells it)."""
    office = walk.as_("office")
    reporter = walk.as_("reporter", phone=True)
    unitleader = walk.as_("unitleader")
    stats = walk.as_("stats")
    supervisor = walk.as_("supervisor")
    leader = walk.as_("leader")
    for role, page in (
        ("office", office),
        ("reporter", reporter),
        ("unitleader", unitleader),
        ("assessor", stats),
        ("supervisor", supervisor),
        ("leader", leader),
    ):
        walk.step(role, "home", page, lambda p: walk.go(p, "/"))
    walk.step("office", "periods", office, lambda p: walk.go(p, "/assessment/periods/"))

    def extend_october(p: Page) -> None:
        p.locator("tr", has_text="2022-10").get_by_role("link", name="起止日期").click()
        p.fill("#id_deadline", "2026-12-03T17:00")
        p.fill("#id_locks_at", "2026-12-31T17:00")
        p.locator(
            "form[method=post] button.btn-danger, form[method=post] .btn-primary"
        ).first.click()

    walk.step("office", "october-dates", office, extend_october)
    walk.step(
        "office",
        "october-open",
        office,
        lambda p: (
            p.locator("tr", has_text="2022-10").get_by_role("button", name="重新开放").click()
        ),
    )

    def open_form(p: Page) -> None:
        walk.go(p, "/assessment/collect/")
        p.get_by_role("link", name="2022-10").first.click()

    walk.step("reporter", "october-form", reporter, open_form)

    def type_values(p: Page) -> None:
        p.get_by_test_id("input-P03").fill("3.5")
        p.get_by_test_id("input-P04").fill("1024")
        p.get_by_test_id("save").click()
        expect(p.get_by_test_id("error-P04")).to_be_visible()
        p.get_by_test_id("row-P04").evaluate("e => e.scrollIntoView({block: 'start'})")

    walk.step("reporter", "implausible-flagged", reporter, type_values)

    def confirm_note(p: Page) -> None:
        p.get_by_test_id("note-P04").fill("本月集中签约，含两个大项目，已与台账核对")
        p.get_by_test_id("save").click()
        expect(p.get_by_test_id("input-P04")).to_have_value("1024")
        p.get_by_test_id("row-P04").evaluate("e => e.scrollIntoView({block: 'start'})")

    walk.step("reporter", "implausible-confirmed", reporter, confirm_note)

    def attach(p: Page) -> None:
        evidence = walk.out.parent / "walk-evidence.pdf"
        evidence.write_bytes(PDF)
        p.get_by_test_id("evidence-file").set_input_files(str(evidence))
        p.get_by_test_id("evidence-indicator").select_option(index=1)
        p.get_by_test_id("evidence-upload").click()
        evidence.unlink()
        expect(p.get_by_test_id("evidence-list")).to_contain_text("walk-evidence.pdf")
        p.get_by_test_id("evidence-list").evaluate("e => e.scrollIntoView({block: 'start'})")

    walk.step("reporter", "evidence", reporter, attach)

    def hand_over(p: Page) -> None:
        p.get_by_test_id("ready").click()
        expect(p.get_by_test_id("submission-state")).to_have_attribute("data-state", "ready")

    walk.step("reporter", "handed-over", reporter, hand_over)
    walk.step("unitleader", "home-sign-off-waiting", unitleader, lambda p: walk.go(p, "/"))

    def sign_off(p: Page) -> None:
        walk.go(p, "/assessment/collect/")
        p.get_by_role("link", name="2022-10").first.click()
        p.get_by_test_id("submit").click()
        expect(p.get_by_test_id("submission-state")).to_have_attribute("data-state", "submitted")

    walk.step("unitleader", "signed-off", unitleader, sign_off)

    def review(p: Page) -> None:
        walk.go(p, "/assessment/review/10/?state=submitted")
        p.get_by_test_id("tick-LQ015-P01").check()
        p.get_by_test_id("verify").click()
        expect(p.get_by_test_id("review-LQ015-P01")).to_have_count(0)

    walk.step("assessor", "verified-one", stats, review)

    def office_review(p: Page) -> None:
        walk.go(p, "/assessment/review/10/?state=submitted&indicator=P04")
        p.get_by_test_id("review-LQ015-P04").scroll_into_view_if_needed()

    walk.step("office", "review-flagged-value", office, office_review)

    def return_one(p: Page) -> None:
        p.get_by_test_id("comment-LQ015-P04").fill("与项目台账不符（台账为 20 个），请核实后重报")
        p.get_by_test_id("return-LQ015-P04").click()
        expect(p.get_by_test_id("review-LQ015-P04")).to_have_count(0)

    walk.step("office", "returned-one", office, return_one)

    def correct(p: Page) -> None:
        walk.go(p, "/assessment/collect/")
        p.get_by_role("link", name="2022-10").first.click()
        p.get_by_test_id("row-P04").evaluate("e => e.scrollIntoView({block: 'start'})")

    walk.step("reporter", "returned-value", reporter, correct)

    def resend(p: Page) -> None:
        p.get_by_test_id("input-P04").fill("20")
        p.get_by_test_id("note-P04").fill("")
        p.get_by_test_id("ready").click()
        expect(p.get_by_test_id("submission-state")).to_have_attribute("data-state", "ready")

    walk.step("reporter", "corrected", reporter, resend)
    walk.step("unitleader", "signed-off-again", unitleader, sign_off)

    def verify_all(p: Page) -> None:
        walk.go(p, "/assessment/review/10/?state=submitted")
        p.locator("input.tick").evaluate_all("boxes => boxes.forEach(b => { b.checked = true; })")
        p.get_by_test_id("verify").click()
        expect(p.get_by_test_id("review-table")).not_to_contain_text("县发展和改革局")

    walk.step("office", "verified-all", office, verify_all)
    walk.step("office", "chasing", office, lambda p: walk.go(p, "/assessment/chasing/10/"))

    def remind(p: Page) -> None:
        p.get_by_test_id("remind").first.click()
        expect(p.get_by_test_id("chasing-table")).to_be_visible()

    walk.step("office", "reminded", office, remind)

    def compute(p: Page) -> None:
        walk.go(p, "/rankings/desk/")
        form = p.locator("form", has=p.get_by_test_id("compute-2022-10"))
        reason = form.locator("input[name=reason]")
        if reason.count():
            reason.fill("十月数据经重新开放后补报、核实，重新计算")
        p.get_by_test_id("compute-2022-10").click()

    walk.step("office", "computed-check", office, compute)

    def publish(p: Page) -> None:
        p.get_by_test_id("publish-form").locator("textarea, input[type=text]").first.fill(
            "十月数据补报核实后更正"
        ) if p.get_by_test_id("publish-form").locator(
            "textarea, input[type=text]"
        ).count() else None
        walk.published = p.url
        p.get_by_test_id("publish").click()

    walk.step("office", "published", office, publish)

    def notice(p: Page) -> None:
        p.get_by_test_id("notices-link").first.click()
        p.get_by_test_id("notice-form").locator("button").first.click()

    walk.step("office", "notice", office, notice)

    def appeal(p: Page) -> None:
        p.goto(walk.published.replace("/check/", "/units/15/"))
        p.get_by_test_id("appeal-link").click()
        p.check("input[name=indicators][value=P04]")
        p.fill("#id_reason", "P04 新签约过亿元项目数按台账核实，公布数据有误。")

    walk.step("unitleader", "appeal-form", unitleader, appeal)
    walk.step("unitleader", "appeal-sent", unitleader, lambda p: p.click("button.btn-warning"))

    def decide(p: Page) -> None:
        walk.go(p, "/rankings/appeals/")
        p.get_by_test_id("appeals").get_by_role("link").first.click()
        form = p.get_by_test_id("decide-form")
        form.locator("input[type=radio]").first.check()
        form.locator("textarea").first.fill("经核实，申诉事项属实，予以采纳。")
        form.locator("button").click()

    walk.step("office", "appeal-decided", office, decide)

    def check_plan(p: Page) -> None:
        walk.go(p, "/")
        p.locator("main a[href*='/supervision/']").first.click()
        p.locator("main table a[href*='/supervision/problems/']").first.click()

    walk.step("supervisor", "plan", supervisor, check_plan)

    def sign_off_problem(p: Page) -> None:
        p.get_by_test_id("do-sign_off").click()

    walk.step("supervisor", "checked", supervisor, sign_off_problem)

    def open_request(p: Page) -> None:
        walk.go(p, "/tasks/requests/")
        p.get_by_role("link", name="GJ01 重大项目建设攻坚").click()
        p.get_by_test_id("answer-input").fill("请县自然资源局本周内牵头调剂解决，下周一报结果。")

    walk.step("leader", "request", leader, open_request)
    walk.step("leader", "answered", leader, lambda p: p.get_by_test_id("answer-submit").click())
    walk.step("office", "home-end", office, lambda p: walk.go(p, "/"))


PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]"
    b"/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots" / "walk")
    parser.add_argument("--data", type=Path, help="data folder (default: a fresh temporary one)")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="leitai-walk-"))
    data.mkdir(parents=True, exist_ok=True)
    args.out.mkdir(parents=True, exist_ok=True)
    for old in args.out.glob("*.png"):
        old.unlink()
    env = load_demo(data)
    prepare(env)
    port = free_port()
    server = serve(env, port)
    try:
        with sync_playwright() as play:
            browser = play.chromium.launch(executable_path="/usr/bin/chromium", args=LAUNCH_ARGS)
            walk = Walk(browser, f"http://127.0.0.1:{port}", args.out)
            month(walk)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        if args.data is None:
            shutil.rmtree(data, ignore_errors=True)
    print(f"{walk.number} steps, {len(walk.failed)} failed: {', '.join(walk.failed) or '-'}")
    return len(walk.failed)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
