import type { TickerMessages } from "./types.js";

/** Russian: "1 новая запись", "3 новые записи", "5 новых записей" (`other` is for fractions). */
export const ru: TickerMessages = {
  states: {
    connecting: "Подключение…",
    live: "Онлайн",
    reconnecting: "Переподключение…",
    offline: "Нет связи",
  },
  polling: "Онлайн · обновление каждые несколько секунд",
  newUpdates: {
    one: "{count} новая запись",
    few: "{count} новые записи",
    many: "{count} новых записей",
    other: "{count} новой записи",
  },
  readingNow: {
    one: "{count} читатель онлайн",
    few: "{count} читателя онлайн",
    many: "{count} читателей онлайн",
    other: "{count} читателя онлайн",
  },
  announce: "Новая запись: {text}",
  loadEarlier: "Загрузить более ранние записи",
  ended: "Трансляция завершена",
  keyEvents: "Главное",
  pinned: "Закреплено",
  keyEvent: "Важно",
  updated: "Обновлено",
  corrected: "Исправлено",
  loadPost: "Загрузить публикацию {provider}",
  loadVideo: "Загрузить видео {provider}",
  embedNotice: "При загрузке данные передаются {provider}.",
  empty: "Записей пока нет.",
  unavailable: "Эта трансляция недоступна.",
  subscribersOnly: "Эта статья теперь доступна только подписчикам",
  feed: "Онлайн-трансляция",
};
