import type { TickerMessages } from "./types.js";

/** Ukrainian: "1 нове повідомлення", "3 нові повідомлення", "5 нових повідомлень". */
export const uk: TickerMessages = {
  states: {
    connecting: "Підключення…",
    live: "Онлайн",
    reconnecting: "Повторне підключення…",
    offline: "Немає зв’язку",
  },
  polling: "Онлайн · оновлення кожні кілька секунд",
  newUpdates: {
    one: "{count} нове повідомлення",
    few: "{count} нові повідомлення",
    many: "{count} нових повідомлень",
    other: "{count} нового повідомлення",
  },
  readingNow: {
    one: "{count} читач онлайн",
    few: "{count} читачі онлайн",
    many: "{count} читачів онлайн",
    other: "{count} читача онлайн",
  },
  announce: "Нове повідомлення: {text}",
  loadEarlier: "Завантажити попередні повідомлення",
  ended: "Трансляцію завершено",
  keyEvents: "Головне",
  pinned: "Закріплено",
  keyEvent: "Важливо",
  updated: "Оновлено",
  corrected: "Виправлено",
  loadPost: "Завантажити допис {provider}",
  loadVideo: "Завантажити відео {provider}",
  embedNotice: "Під час завантаження дані передаються {provider}.",
  empty: "Повідомлень поки немає.",
  unavailable: "Ця трансляція недоступна.",
  subscribersOnly: "Ця стаття тепер доступна лише передплатникам",
  feed: "Онлайн-трансляція",
};
