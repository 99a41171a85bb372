"""The chats' state on disk (telegram-chats.pickle): PTB's PicklePersistence, written once per interval.

PicklePersistence as shipped writes its whole file once for every chat that changed (PTB hands the
changed chats over one by one every `update_interval`): with many citizens writing at once that is
one full dump per chat, a seventh of the adapter's CPU at 30 messages/s. Here the chats are handed
over in memory (`on_flush`) and `write_if_changed` (a job every PERSISTENCE_INTERVAL) writes the file
once when any chat changed or left; PTB's flush at shutdown writes it always, also when every chat
left (PicklePersistence would skip an empty state and leave the last one on disk).
"""

from telegram.ext import PersistenceInput, PicklePersistence

from bot import config


class ChatStateFile(PicklePersistence):
    def __init__(self, path):
        super().__init__(path, update_interval=config.PERSISTENCE_INTERVAL, on_flush=True,
                         store_data=PersistenceInput(bot_data=False, user_data=False, callback_data=False))
        self._changed = False

    async def update_chat_data(self, chat_id: int, data: dict) -> None:
        await super().update_chat_data(chat_id, data)
        self._changed = True

    async def drop_chat_data(self, chat_id: int) -> None:
        await super().drop_chat_data(chat_id)
        self._changed = True

    async def write_if_changed(self) -> None:
        if self._changed:
            self._changed = False
            self._dump_singlefile()

    async def flush(self) -> None:
        self._changed = False
        self._dump_singlefile()
