"""What `python -m bench.fuzz_open311` found answered with a 500, now a German 400 in the Open311 shape."""

import pytest

pytestmark = pytest.mark.fast


def assert_open311_400(response) -> None:
    assert response.status_code == 400, response.text
    body = response.json()
    assert isinstance(body, list) and len(body) == 1 and body[0]["code"] == 400, body
    assert body[0]["description"]


@pytest.mark.parametrize("value", ["²", "①", "١٢", "1" * 5000])
def test_page_size_that_only_looks_like_digits_is_bad_request(backend, value):
    assert_open311_400(backend.client.get(f"{backend.api}/requests.json", params={"page_size": value}))


@pytest.mark.parametrize("name, value", [("start_date", "9999-12-31"), ("end_date", "0001-01-01"),
                                         ("start_date", "9999-12-31T23:59:59-14:00")])
def test_date_at_the_end_of_the_calendar_is_bad_request(backend, name, value):
    assert_open311_400(backend.client.get(f"{backend.api}/requests.json", params={name: value}))


def test_multipart_body_the_parser_cannot_read_is_bad_request(backend):
    response = backend.client.post(f"{backend.api}/requests/1000/status.json", content=b"\x85\x02\xa3\x8c",
                                   headers={"X-Api-Key": backend.api_key,
                                            "Content-Type": "multipart/form-data; boundary=x"})
    assert_open311_400(response)


@pytest.mark.parametrize("params", [{"limit": "²"}, {"after": "²"}, {"after": "1" * 30}, {"limit": "1" * 5000}])
def test_notification_paging_that_only_looks_like_digits_is_bad_request(backend, params):
    response = backend.client.get("/notifications.json", params=params, headers={"X-Api-Key": backend.api_key})
    assert_open311_400(response)


@pytest.mark.parametrize("ids", ["²", "1," + "9" * 30, "①,2"])
def test_acknowledging_ids_that_only_look_like_digits_is_bad_request(backend, ids):
    response = backend.client.post("/notifications/ack.json", data={"ids": ids},
                                   headers={"X-Api-Key": backend.api_key})
    assert_open311_400(response)
