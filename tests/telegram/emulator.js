#!/usr/bin/env node
/*
 * Bot API emulator for the end-to-end tests: telegram-test-api 4.2.1 plus the
 * project's compatibility layer for python-telegram-bot 22.
 *
 *   node tests/telegram/emulator.js --port 9123 [--host 127.0.0.1]
 *
 * Prints "ready http://host:port" once it listens. The bot side is
 * /bot<token>/<method> and /file/bot<token>/<path>, as Telegram's; the
 * citizen side is the package's user API (POST /sendMessage, /sendCallback,
 * /getUpdates ...) with the fixes and additions below.
 *
 * What stock 4.2.1 gets wrong for PTB 22, and the fix here (numbers as in
 * ../../../shared/reference/telegram-testing.md):
 *  1. getMe lacks is_bot                     -> a complete User
 *  2. sendMessage answers date in ms         -> seconds, with from and chat
 *  3. callback_query lacks chat_instance     -> full callback_query with the bot's message
 *  4. getUpdates ignores timeout and offset  -> long polling, offset confirms, limit
 *  5. no files, photos, documents, locations, chat actions, commands; unknown
 *     methods answer 500                     -> getFile + download, sendPhoto, sendDocument,
 *     sendLocation, sendVenue, sendChatAction, set/get/deleteMyCommands, leaveChat, multipart (busboy);
 *     unknown methods answer 404 like Telegram
 *  6. answerCallbackQuery and edits answer null; edits invisible to the user side
 *                                            -> true / the edited Message; an edited message
 *                                               is delivered to the citizen again (edited: true)
 *  7. a user-side body without botToken crashes the process -> 400, and no promise is left unhandled
 * Additions for the tests: POST /uploadFile (a citizen's photo or file), POST /sendUpdate
 * (any raw update, also with an explicit update_id), long polling on the user-side
 * /getUpdates, POST /callbackAnswers, webhooks with the secret-token header.
 */
'use strict';

const crypto = require('crypto');
const busboy = require('busboy');
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index');

const args = Object.fromEntries(process.argv.slice(2).join(' ').split('--').filter(Boolean)
  .map((pair) => pair.trim().split(/\s+/)));
const port = Number(args.port || 9000);
const host = args.host || '127.0.0.1';
const MAX_WAIT_S = 50;

const files = new Map(); // file_id -> {bytes, mime, name, unique}
const callbackAnswers = new Map(); // callback query id -> answerCallbackQuery parameters
const webhooks = new Map(); // bot token -> {url, secret}
const confirmedUpTo = new Map(); // bot token -> highest update_id delivered so far

const seconds = () => Math.floor(Date.now() / 1000);
const parse = (value) => (typeof value === 'string' && /^[[{]/.test(value) ? JSON.parse(value) : value);
const ok = (res, result) => res.json({ ok: true, result });
const fail = (res, code, description) => res.status(code).json({ ok: false, error_code: code, description });

function botUser(token) {
  const id = Number(String(token).split(':')[0]);
  return { id: Number.isFinite(id) && id > 0 ? id : 666, is_bot: true, first_name: 'Stadtbot Gera (Test)',
    username: 'StadtbotGeraTestBot', can_join_groups: false, can_read_all_group_messages: false,
    supports_inline_queries: false };
}

function storeFile(bytes, mime, name) {
  const unique = crypto.randomBytes(6).toString('hex');
  const fileId = `F${unique}${crypto.randomBytes(10).toString('hex')}`;
  files.set(fileId, { bytes, mime, name, unique });
  return { file_id: fileId, file_unique_id: unique, file_size: bytes.length };
}

/* multipart/form-data -> req.body (fields) and req.files ({field: {bytes, mime, name}}) */
function multipart(req, res, next) {
  if (!String(req.headers['content-type'] || '').startsWith('multipart/form-data')) return next();
  req.body = {};
  req.files = {};
  const parser = busboy({ headers: req.headers, limits: { fileSize: 60 * 1024 * 1024 } });
  parser.on('field', (name, value) => { req.body[name] = value; });
  parser.on('file', (name, stream, info) => {
    const chunks = [];
    stream.on('data', (chunk) => chunks.push(chunk));
    stream.on('end', () => {
      req.files[name] = { bytes: Buffer.concat(chunks), mime: info.mimeType, name: info.filename };
    });
  });
  parser.on('close', next);
  parser.on('error', (error) => fail(res, 400, `Bad Request: ${error.message}`));
  req.pipe(parser);
}

/* An update as Telegram sends it (fixes 3: chat_instance and the full message). */
function formatUpdate(update) {
  if (update.raw) return { ...update.raw, update_id: update.raw.update_id ?? update.updateId };
  if (update.callbackQuery) {
    const { from, message, data, chatInstance } = update.callbackQuery;
    return { update_id: update.updateId,
      callback_query: { id: String(update.callbackId), from, message, chat_instance: chatInstance, data } };
  }
  const { botToken, ...message } = update.message;
  return { update_id: update.updateId, message: { ...message, message_id: update.messageId } };
}
TelegramServer.formatUpdate = formatUpdate;

// In front of the stock routes: the TelegramServer constructor registers `routes` in order.
routes.unshift((app) => app.use(multipart), clientRoutes, botRoutes);
const server = new TelegramServer({ port, host, storeTimeout: 24 * 3600 });
server.setMaxListeners(0);

/* Webhooks get the secret-token header; a failed delivery is logged, never crashes the emulator. */
server.addUserUpdate = async function addUserUpdate(update) {
  if (!update.botToken) throw Object.assign(new Error('botToken missing'), { http: 400 });
  const hook = webhooks.get(update.botToken);
  this.updateId += 1;
  if (!hook) {
    this.storage.userMessages.push(update);
    this.emit('userUpdate');
    return;
  }
  const headers = { 'Content-Type': 'application/json' };
  if (hook.secret) headers['X-Telegram-Bot-Api-Secret-Token'] = hook.secret;
  try {
    const answer = await fetch(hook.url, { method: 'POST', headers, body: JSON.stringify(formatUpdate(update)) });
    if (!answer.ok) console.error(`webhook ${hook.url} answered ${answer.status}`);
  } catch (error) {
    console.error(`webhook ${hook.url} failed: ${error.message}`);
  }
};

/* Resolve when `ready()` gives something, on `events`, or after `waitS` seconds with what there is. */
function waitFor(events, waitS, ready, req) {
  return new Promise((resolve) => {
    let timer = null;
    const finish = () => {
      clearTimeout(timer);
      events.forEach((name) => server.off(name, check));
      req.off('close', finish);
      resolve(ready());
    };
    function check() { if (ready().length) finish(); }
    if (ready().length || waitS <= 0) { resolve(ready()); return; }
    events.forEach((name) => server.on(name, check));
    req.on('close', finish);
    timer = setTimeout(finish, Math.min(waitS, MAX_WAIT_S) * 1000);
  });
}

/* A message the bot sent: stored for the citizen, answered as a Bot API Message. */
function storeBotMessage(token, body, content) {
  const chatId = Number(body.chat_id);
  const entry = { time: Date.now(), botToken: token, updateId: server.updateId, messageId: server.messageId,
    isRead: false, message: { ...content, chat_id: body.chat_id, message_id: server.messageId,
      reply_markup: parse(body.reply_markup), reply_to_message_id: body.reply_to_message_id } };
  server.storage.botMessages.push(entry);
  server.messageId += 1;
  server.updateId += 1;
  server.emit('AddedBotMessage');
  return asMessage(token, entry, chatId);
}

function asMessage(token, entry, chatId) {
  const { chat_id: ignored, reply_markup: markup, method, edited, reply_to_message_id: r, ...content } = entry.message;
  const inline = markup && markup.inline_keyboard ? markup : undefined;
  return { ...content, message_id: entry.messageId, date: Math.floor(entry.time / 1000), from: botUser(token),
    chat: { id: chatId, type: chatId > 0 ? 'private' : 'group', first_name: 'Bürger' }, reply_markup: inline };
}

function findBotMessage(token, chatId, messageId) {
  return server.storage.botMessages.find((entry) => entry.botToken === token
    && String(entry.message.chat_id) === String(chatId) && String(entry.messageId) === String(messageId));
}

/* A file parameter: an upload in the multipart body, a known file_id, or a URL. */
function fileParameter(req, name, fallbackMime) {
  const value = req.body[name];
  const attached = typeof value === 'string' && value.startsWith('attach://') ? value.slice(9) : name;
  const upload = req.files && req.files[attached];
  if (upload) return storeFile(upload.bytes, upload.mime || fallbackMime, upload.name);
  if (files.has(value)) {
    const known = files.get(value);
    return { file_id: value, file_unique_id: known.unique, file_size: known.bytes.length };
  }
  return storeFile(Buffer.from(String(value || '')), 'text/uri-list', 'url');
}

function botRoutes(app) {
  const bot = (method, handler) => app.all(`/bot:token/${method}`, async (req, res) => {
    try {
      await handler(req.params.token, { ...req.query, ...req.body }, req, res);
    } catch (error) {
      fail(res, 400, `Bad Request: ${error.message}`);
    }
  });
  bot('getMe', (token, body, req, res) => ok(res, botUser(token)));
  bot('getUpdates', async (token, body, req, res) => {
    const offset = Number(body.offset || 0);
    const limit = Math.max(1, Math.min(Number(body.limit || 100), 100));
    const mine = () => server.storage.userMessages.filter((u) => u.botToken === token && !u.confirmed);
    if (offset) {
      mine().filter((u) => u.delivered && formatUpdate(u).update_id < offset).forEach((u) => { u.confirmed = true; });
    }
    const batch = () => {
      const out = [];
      let highest = confirmedUpTo.get(token) || 0;
      for (const update of mine()) {
        const id = formatUpdate(update).update_id;
        if (id <= highest && out.length) break; // a repeated id travels alone, as after a restart
        out.push(update);
        if (id <= highest || out.length >= limit) break;
        highest = id;
      }
      return out;
    };
    const updates = await waitFor(['userUpdate'], Number(body.timeout || 0), batch, req);
    updates.forEach((u) => {
      u.delivered = true;
      u.isRead = true;
      confirmedUpTo.set(token, Math.max(confirmedUpTo.get(token) || 0, formatUpdate(u).update_id));
    });
    ok(res, updates.map(formatUpdate));
  });
  bot('sendMessage', (token, body, req, res) => ok(res, storeBotMessage(token, body,
    { method: 'sendMessage', text: body.text })));
  bot('sendPhoto', (token, body, req, res) => {
    const file = fileParameter(req, 'photo', 'image/jpeg');
    ok(res, storeBotMessage(token, body, { method: 'sendPhoto', caption: body.caption,
      photo: [{ ...file, width: 0, height: 0 }] }));
  });
  bot('sendDocument', (token, body, req, res) => {
    const file = fileParameter(req, 'document', 'application/octet-stream');
    ok(res, storeBotMessage(token, body, { method: 'sendDocument', caption: body.caption,
      document: { ...file, file_name: files.get(file.file_id).name } }));
  });
  bot('sendLocation', (token, body, req, res) => ok(res, storeBotMessage(token, body, { method: 'sendLocation',
    location: { latitude: Number(body.latitude), longitude: Number(body.longitude) } })));
  bot('sendVenue', (token, body, req, res) => {
    if (!body.title || !body.address) return fail(res, 400, 'Bad Request: title and address are required');
    const location = { latitude: Number(body.latitude), longitude: Number(body.longitude) };
    return ok(res, storeBotMessage(token, body, { method: 'sendVenue', location,
      venue: { location, title: String(body.title), address: String(body.address) } }));
  });
  bot('getFile', (token, body, req, res) => {
    const known = files.get(body.file_id);
    if (!known) return fail(res, 400, 'Bad Request: invalid file_id');
    return ok(res, { file_id: body.file_id, file_unique_id: known.unique, file_size: known.bytes.length,
      file_path: `files/${body.file_id}` });
  });
  bot('answerCallbackQuery', (token, body, req, res) => {
    callbackAnswers.set(String(body.callback_query_id), body);
    ok(res, true);
  });
  const edit = (changes) => (token, body, req, res) => {
    const entry = findBotMessage(token, body.chat_id, body.message_id);
    if (!entry) return fail(res, 400, 'Bad Request: message to edit not found');
    entry.message = { ...entry.message, ...changes(body), reply_markup: parse(body.reply_markup), edited: true };
    entry.isRead = false; // the citizen sees the edit (fix 6)
    server.emit('AddedBotMessage');
    return ok(res, { ...asMessage(token, entry, Number(body.chat_id)), edit_date: seconds() });
  };
  bot('editMessageText', edit((body) => ({ text: body.text })));
  bot('editMessageReplyMarkup', edit(() => ({})));
  for (const method of ['sendChatAction', 'setMyCommands', 'deleteMyCommands', 'setChatMenuButton',
    'setMyDescription', 'setMyShortDescription', 'leaveChat', 'close', 'logOut']) {
    bot(method, (token, body, req, res) => ok(res, true));
  }
  bot('getMyCommands', (token, body, req, res) => ok(res, []));
  bot('setWebhook', (token, body, req, res) => {
    if (body.url) webhooks.set(token, { url: body.url, secret: body.secret_token });
    else webhooks.delete(token);
    ok(res, true);
  });
  bot('deleteWebhook', (token, body, req, res) => { webhooks.delete(token); ok(res, true); });
  bot('getWebhookInfo', (token, body, req, res) => ok(res, { url: (webhooks.get(token) || {}).url || '',
    has_custom_certificate: false, pending_update_count: 0 }));
  app.get('/file/bot:token/files/:fileId', (req, res) => {
    const known = files.get(req.params.fileId);
    if (!known) return fail(res, 404, 'Not Found');
    return res.type(known.mime || 'application/octet-stream').send(known.bytes);
  });
  app.all('/bot:token/:method', (req, res) => {
    console.error(`unsupported Bot API method ${req.params.method}`);
    fail(res, 404, 'Not Found');
  });
}

/* The citizen's side (fix 7: never crash on a bad body; commands get their entity like in Telegram). */
function clientRoutes(app) {
  const user = (path, handler) => app.post(path, async (req, res) => {
    const body = req.body || {};
    if (!body.botToken && !body.token) return fail(res, 400, 'botToken missing');
    try {
      return await handler(body, req, res);
    } catch (error) {
      return fail(res, error.http || 500, error.message);
    }
  });
  const defaults = (body) => {
    const chat = body.chat || { id: body.chatId || 1, type: 'private', first_name: 'Bürger' };
    const from = body.from || { id: chat.id, is_bot: false, first_name: 'Bürger', language_code: 'de' };
    return { from, chat, date: seconds() };
  };
  const sendMessage = async (body, req, res) => {
    const { botToken, chatId, ...given } = body;
    const message = { ...defaults(body), ...given };
    if (typeof message.text === 'string' && message.text.startsWith('/') && !message.entities) {
      message.entities = [{ type: 'bot_command', offset: 0, length: message.text.split(/\s/)[0].length }];
    }
    const ids = { update_id: server.updateId, message_id: server.messageId };
    await server.addUserMessage({ ...message, botToken });
    ok(res, ids);
  };
  user('/sendMessage', sendMessage);
  user('/sendCommand', sendMessage);
  user('/sendCallback', async (body, req, res) => {
    const entry = findBotMessage(body.botToken, body.chatId, body.messageId);
    if (!entry) return fail(res, 400, 'no such bot message in this chat');
    const { from } = defaults(body);
    const message = asMessage(body.botToken, entry, Number(body.chatId));
    const id = server.callbackId;
    const update = { time: Date.now(), botToken: body.botToken, updateId: server.updateId, messageId: entry.messageId,
      isRead: false, callbackId: id,
      callbackQuery: { from, message, data: body.data, chatInstance: `ci${body.chatId}` } };
    server.callbackId += 1;
    await server.addUserUpdate(update);
    return ok(res, { update_id: update.updateId, callback_query_id: String(id) });
  });
  user('/sendUpdate', async (body, req, res) => {
    const update = { time: Date.now(), botToken: body.botToken, updateId: server.updateId, isRead: false,
      raw: body.update };
    await server.addUserUpdate(update);
    return ok(res, { update_id: formatUpdate(update).update_id });
  });
  app.post('/uploadFile', (req, res) => {
    const upload = req.files && req.files.file;
    if (!upload) return fail(res, 400, 'multipart field "file" missing');
    return ok(res, storeFile(upload.bytes, upload.mime, upload.name));
  });
  app.get('/files/:fileId', (req, res) => {
    const known = files.get(req.params.fileId);
    return known ? res.type(known.mime || 'application/octet-stream').send(known.bytes) : fail(res, 404, 'Not Found');
  });
  user('/getUpdates', async (body, req, res) => {
    const token = body.token || body.botToken;
    const unread = () => server.storage.botMessages.filter((entry) => entry.botToken === token
      && String(entry.message.chat_id) === String(body.chatId) && !entry.isRead);
    const found = await waitFor(['AddedBotMessage'], Number(body.timeout || 0), unread, req);
    found.forEach((entry) => { entry.isRead = true; });
    return ok(res, found.map((entry) => ({ ...entry, message: { ...entry.message } })));
  });
  user('/callbackAnswers', (body, req, res) => ok(res, callbackAnswers.get(String(body.callbackQueryId)) || null));
}

process.on('unhandledRejection', (error) => console.error('unhandled rejection:', error));

server.start().then(() => console.log(`ready http://${host}:${port}`), (error) => {
  console.error(`cannot listen on ${host}:${port}: ${error.message}`);
  process.exit(1);
});
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
