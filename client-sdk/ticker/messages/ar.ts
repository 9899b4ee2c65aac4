import type { TickerMessages } from "./types.js";

/**
 * Arabic, written right to left (the ticker sets `dir="rtl"` for it). Six plural forms:
 * "تحديث جديد واحد" (1), "تحديثان جديدان" (2), "3 تحديثات جديدة" (3–10), "11 تحديثًا جديدًا"
 * (11–99), "100 تحديث جديد".
 */
export const ar: TickerMessages = {
  states: {
    connecting: "جارٍ الاتصال…",
    live: "مباشر",
    reconnecting: "جارٍ إعادة الاتصال…",
    offline: "غير متصل",
  },
  polling: "مباشر · يُحدَّث كل بضع ثوانٍ",
  newUpdates: {
    zero: "لا تحديثات جديدة",
    one: "تحديث جديد واحد",
    two: "تحديثان جديدان",
    few: "{count} تحديثات جديدة",
    many: "{count} تحديثًا جديدًا",
    other: "{count} تحديث جديد",
  },
  readingNow: {
    zero: "لا أحد يقرأ الآن",
    one: "قارئ واحد الآن",
    two: "قارئان الآن",
    few: "{count} قرّاء الآن",
    many: "{count} قارئًا الآن",
    other: "{count} قارئ الآن",
  },
  announce: "تحديث جديد: {text}",
  loadEarlier: "تحميل التحديثات السابقة",
  ended: "انتهت التغطية المباشرة",
  keyEvents: "أبرز الأحداث",
  pinned: "مثبّت",
  keyEvent: "حدث بارز",
  updated: "محدَّث",
  corrected: "تصحيح",
  loadPost: "تحميل منشور {provider}",
  loadVideo: "تحميل فيديو {provider}",
  embedNotice: "التحميل يرسل بيانات إلى {provider}.",
  empty: "لا توجد تحديثات بعد.",
  unavailable: "هذه التغطية المباشرة غير متاحة.",
  subscribersOnly: "هذا المقال متاح الآن للمشتركين فقط",
  feed: "تحديثات مباشرة",
  sinceLastVisit: {
    one: "تحديث واحد منذ زيارتك الأخيرة",
    two: "تحديثان منذ زيارتك الأخيرة",
    few: "{count} تحديثات منذ زيارتك الأخيرة",
    many: "{count} تحديثًا منذ زيارتك الأخيرة",
    other: "{count} تحديث منذ زيارتك الأخيرة",
  },
  jumpToLastVisit: "انتقل إلى حيث توقفت",
  leftOffHere: "توقفت هنا",
  share: "مشاركة",
  linkCopied: "تم نسخ الرابط",
  linkNotFound: "التحديث غير موجود",
};
