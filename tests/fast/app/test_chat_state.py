"""The chats' state file (bot/chat_state.py): written once per round however many chats changed, and a chat
that left is gone from the file at the next write, also when it was the last one."""

import asyncio
import pickle

from telegram import Bot

from bot.chat_state import ChatStateFile


def state_file(path) -> ChatStateFile:
    state = ChatStateFile(path)
    state.set_bot(Bot("123456:TEST"))  # as the Application does; PTB pickles its bot by reference
    return state


def on_disk(path) -> dict:
    with open(path, "rb") as file:
        return pickle.load(file)["chat_data"]


def test_many_changed_chats_cost_one_write_and_only_when_something_changed(tmp_path, monkeypatch):
    path = tmp_path / "telegram-chats.pickle"
    state = state_file(path)
    writes = []
    dump = state._dump_singlefile
    monkeypatch.setattr(state, "_dump_singlefile", lambda: (writes.append(1), dump()))

    async def round_of_updates():
        await state.get_chat_data()
        for chat in range(200):
            await state.update_chat_data(chat, {"retry_text": f"Nachricht {chat}"})
        assert not path.exists() and writes == [], "handing chats over writes nothing"
        await state.write_if_changed()
        await state.write_if_changed()

    asyncio.run(round_of_updates())
    assert writes == [1] and len(on_disk(path)) == 200
    assert on_disk(path)[7] == {"retry_text": "Nachricht 7"}


def test_the_last_chat_that_left_is_gone_from_the_file(tmp_path):
    path = tmp_path / "telegram-chats.pickle"
    state = state_file(path)

    async def leave():
        await state.get_chat_data()
        await state.update_chat_data(4711, {"retry_text": "Schlagloch in der Sorge"})
        await state.write_if_changed()
        assert 4711 in on_disk(path)
        await state.drop_chat_data(4711)
        await state.write_if_changed()

    asyncio.run(leave())
    assert on_disk(path) == {}, "PicklePersistence alone would keep the chat on disk when no chat is left"


def test_the_file_is_written_at_shutdown_even_unchanged(tmp_path):
    path = tmp_path / "telegram-chats.pickle"
    state = state_file(path)

    async def start_and_stop():
        await state.get_chat_data()  # the Application reads the state at start
        await state.flush()

    asyncio.run(start_and_stop())
    assert on_disk(path) == {}
