"""The PDF layout child: kept between reports, restarted when gone, never silent."""

import io
import os
import threading

import pytest

from qa_app.exports import pdf

PAGE = "<html><body><h1>Report</h1><p>Fair recruitment</p></body></html>"


@pytest.fixture
def worker():
    worker = pdf.LayoutWorker()
    yield worker
    worker.close()


def test_one_child_lays_out_one_report_after_another(worker):
    first = worker.render(PAGE)
    child = worker._process.pid
    second = worker.render(PAGE.replace("Report", "Second report"))
    assert first.startswith(b"%PDF-") and second.startswith(b"%PDF-")
    assert worker._process.pid == child


def test_a_child_that_died_is_replaced_and_the_report_still_comes(worker):
    worker.render(PAGE)
    dead = worker._process
    dead.kill()
    dead.wait()
    assert worker.render(PAGE).startswith(b"%PDF-")
    assert worker._process.pid != dead.pid


def test_reports_asked_at_once_come_one_after_another_complete(worker):
    results = []
    threads = [
        threading.Thread(target=lambda i=i: results.append(worker.render(PAGE + str(i))))
        for i in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert len(results) == 3 and all(result.startswith(b"%PDF-") for result in results)


def frame(html: str) -> bytes:
    body = html.encode("utf-8")
    return b"?" + pdf._LENGTH.pack(len(body)) + body


def replies(raw: bytes) -> list[tuple[bytes, bytes]]:
    stream, found = io.BytesIO(raw), []
    while header := stream.read(1 + pdf._LENGTH.size):
        (size,) = pdf._LENGTH.unpack(header[1:])
        found.append((header[:1], stream.read(size)))
    return found


def serve_on_pipe(requests: bytes, idle_seconds: float, close: bool) -> list:
    read_end, write_end = os.pipe()
    os.write(write_end, requests)
    if close:
        os.close(write_end)
    out = io.BytesIO()
    with open(read_end, "rb") as stdin:
        pdf.serve(stdin, out, idle_seconds=idle_seconds)
    if not close:
        os.close(write_end)
    return replies(out.getvalue())


def test_a_failed_layout_is_reported_to_the_parent_and_the_child_goes_on(monkeypatch):
    def layout(html):
        if "broken" in html:
            raise ValueError("cannot lay this out")
        return b"%PDF-1.7 fine"

    monkeypatch.setattr(pdf, "layout", layout)
    answers = serve_on_pipe(frame("broken") + frame("fine"), idle_seconds=5, close=True)
    assert answers == [(b"-", b"ValueError: cannot lay this out"), (b"+", b"%PDF-1.7 fine")]


def test_an_idle_child_exits_by_itself(monkeypatch):
    monkeypatch.setattr(pdf, "layout", lambda html: b"%PDF-1.7")
    # The pipe stays open: only the idle deadline ends the loop.
    assert serve_on_pipe(frame("one"), idle_seconds=0.2, close=False) == [(b"+", b"%PDF-1.7")]


def test_a_failure_reported_by_the_child_raises_pdf_failed(worker, monkeypatch):
    monkeypatch.setattr(pdf, "_read_exactly", _replaying(b"-" + pdf._LENGTH.pack(4) + b"boom"))
    monkeypatch.setattr(pdf, "_send", lambda stream, status, payload: None)
    with pytest.raises(pdf.PDFFailed, match="boom"):
        worker.render(PAGE)


def _replaying(raw: bytes):
    stream = io.BytesIO(raw)
    return lambda _stdout, size: stream.read(size)
