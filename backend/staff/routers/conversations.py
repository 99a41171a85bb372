"""The conversations (`staff.conversations:*`) and corrections (`staff.corrections:*`). Login needed for all.

Conversations are read from Rasa's tracker store (backend.staff.conversations)
and shown under pseudonyms only; corrections are kept by backend.staff.teaching.
"""

import re
from typing import Optional

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backend.staff import auth, conversations, store, teaching, views
from backend.staff.paging import page_links, page_number
from backend.staff.templating import render

router = APIRouter(dependencies=[Depends(auth.require_staff)])

PAGE_SIZE = 50
_ID = re.compile(r"^\d{1,12}$")


class BadQuery(ValueError):
    """A German message for a query value that makes no sense."""


def _store(request: Request) -> conversations.ConversationStore:
    return conversations.store_for(request.app)


# --- the list --------------------------------------------------------------------------------

def _read_query(params) -> tuple:
    review = params.get("pruefen") or ""
    if review not in ("", "0", "1"):
        raise BadQuery("„pruefen“ darf nur 1 (nur zu prüfende Gespräche) oder leer sein.")
    try:
        return review == "1", page_number(params)
    except ValueError as error:
        raise BadQuery(str(error)) from None


def _pages(review: bool, page: int, total: int) -> dict:
    return page_links({"pruefen": "1"} if review else {}, page, total, PAGE_SIZE)


@router.get("/staff/conversations", name="staff.conversations:list")
def list_conversations(request: Request):
    """All conversations, newest first; pruefen=1: only those that should be checked; seite=N."""
    context = {"rows": [], "total": 0, "review": False, "pages": {}, "error": "",
               "threshold": _store(request).review_confidence}
    try:
        review, page = _read_query(request.query_params)
    except BadQuery as error:
        return render(request, "conversations/list.html", {**context, "error": str(error)}, 400)
    rows = _store(request).summaries(request.app.state.storage)
    if review:
        rows = [row for row in rows if row.needs_review]
    shown = rows[(page - 1) * PAGE_SIZE:page * PAGE_SIZE]
    return render(request, "conversations/list.html", {**context, "rows": shown, "total": len(rows),
                                                        "review": review, "pages": _pages(review, page, len(rows))})


# --- one conversation ------------------------------------------------------------------------

def _not_found(request: Request, pseudonym: str):
    return render(request, "conversations/not_found.html", {"pseudonym": pseudonym}, 404)


def _transcript(request: Request, pseudonym: str, status: int = 200, error: Optional[dict] = None):
    conversation_store = _store(request)
    sender = conversation_store.sender_for(pseudonym)
    if sender is None:
        return _not_found(request, pseudonym)
    storage = request.app.state.storage
    summary = next(iter(conversation_store.summaries(storage, sender)), None)
    corrected = {}
    for row in teaching.all_corrections(storage):
        if row["pseudonym"] == pseudonym:
            corrected.setdefault(row["event_id"], row)
    return render(request, "conversations/get.html", {
        "pseudonym": pseudonym, "summary": summary, "corrected": corrected,
        "lines": [views.transcript_line(line) for line in conversation_store.transcript(sender)],
        "intents": teaching.INTENTS, "entity_types": teaching.ENTITIES, "entity_rows": teaching.MAX_ENTITIES,
        "threshold": conversation_store.review_confidence, "error": error or {},
        "notice": "Die Korrektur ist gespeichert." if request.query_params.get("korrigiert") and not error else "",
    }, status)


@router.get("/staff/conversations/{pseudonym}", name="staff.conversations:get")
def get_conversation(pseudonym: str, request: Request):
    """The transcript: what the citizen wrote and how it was understood, the replies, photos, places."""
    return _transcript(request, pseudonym)


# --- corrections -----------------------------------------------------------------------------

def _entities_from(form) -> list:
    entities = []
    for n in range(1, teaching.MAX_ENTITIES + 1):
        kind, value = str(form.get(f"entity_{n}") or ""), str(form.get(f"value_{n}") or "").strip()
        if kind or value:
            if not (kind and value):
                raise teaching.TeachingError("Bitte bei jeder Angabe Art und Text ausfüllen.")
            entities.append({"entity": kind, "value": value})
    return entities


def _correct(request: Request, pseudonym: str, form: dict):
    conversation_store = _store(request)
    sender = conversation_store.sender_for(pseudonym)
    if sender is None:
        return _not_found(request, pseudonym)
    event_id = str(form.get("event_id") or "")
    line = conversation_store.event(sender, int(event_id)) if _ID.match(event_id) else None
    if line is None or line.kind != "citizen":
        return _transcript(request, pseudonym, 400, {"message": "Diese Nachricht gibt es in dem Gespräch nicht."})
    intent = str(form.get("intent") or "")
    try:
        entities = teaching.check(line.text, intent, _entities_from(form))
    except teaching.TeachingError as problem:
        return _transcript(request, pseudonym, 400, {"event_id": line.event_id, "message": str(problem)})
    storage, user = request.app.state.storage, request.state.staff["name"]
    correction_id = teaching.add(storage, user, line.event_id, pseudonym, line.text, intent, entities, line.intent)
    store.audit(storage, user, "correction", None, {"correction_id": correction_id, "pseudonym": pseudonym,
                                                     "intent": intent, "predicted_intent": line.intent})
    return RedirectResponse(f"/staff/conversations/{pseudonym}?korrigiert=1#m{line.event_id}", status_code=303)


@router.post("/staff/conversations/{pseudonym}/corrections", name="staff.conversations:correct")
async def correct(pseudonym: str, request: Request):
    """Save the right intent (and places) of one citizen message; audited."""
    form = dict(await request.form())
    return await run_in_threadpool(_correct, request, pseudonym, form)


@router.get("/staff/corrections", name="staff.corrections:list")
def list_corrections(request: Request):
    rows = teaching.all_corrections(request.app.state.storage)
    return render(request, "corrections/list.html", {
        "rows": rows, "intents": teaching.INTENTS, "examples": teaching.example_count(rows),
        "notice": "Die Korrektur ist gelöscht." if request.query_params.get("geloescht") else ""})


@router.get("/staff/corrections/export.yml", name="staff.corrections:export")
def export_corrections(request: Request):
    """Rasa NLU YAML of every correction, to review and move into nlu/data/."""
    body = teaching.export_yaml(teaching.all_corrections(request.app.state.storage))
    return Response(body, media_type="application/x-yaml; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="corrections.yml"'})


def _delete(request: Request, correction_id: str):
    storage = request.app.state.storage
    row = teaching.get(storage, int(correction_id)) if _ID.match(correction_id) else None
    if row is None or not teaching.delete(storage, row["id"]):
        return render(request, "corrections/not_found.html", {"correction_id": correction_id}, 404)
    store.audit(storage, request.state.staff["name"], "correction_delete", None,
                {"correction_id": row["id"], "pseudonym": row["pseudonym"], "intent": row["intent"]})
    return RedirectResponse("/staff/corrections?geloescht=1", status_code=303)


@router.post("/staff/corrections/{correction_id}/delete", name="staff.corrections:delete")
async def delete_correction(correction_id: str, request: Request):
    """Delete one correction; audited."""
    await request.form()
    return await run_in_threadpool(_delete, request, correction_id)
