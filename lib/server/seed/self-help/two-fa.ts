import "server-only";
import { TO_TICKET, type SelfHelpFlow } from "@/lib/self-help/types.ts";
import { solvedAnswer, stillStuckAnswer } from "./answers.ts";

/**
 * Authenticator (2FA) codes. Branches on whether the app still works: codes rejected on a working
 * app go through timing, clock and entry checks; a lost phone or entry goes to the backup key,
 * then to a verified phone (SMS), and only then to a reset request checked by an agent.
 */
export const twoFaFlow: SelfHelpFlow = {
  category: "TWO_FA",
  firstStep: "two-fa.lost-device",
  steps: [
    {
      key: "two-fa.lost-device",
      title: { ja: "認証アプリは手元にありますか", en: "Do you still have your authenticator app?" },
      body: {
        ja: [
          "6桁のコードは、スマートフォンの認証アプリに表示されます。まず、そのアプリに当社のアカウントの項目が今もあるかを教えてください。",
        ],
        en: [
          "The 6-digit codes come from the authenticator app on your phone. First, tell us whether that app still shows an entry for your account with us.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "今は使えています", en: "It works now" }),
        {
          value: "HAVE_APP",
          label: { ja: "アプリはあるが、コードが通らない", en: "I have the app, but the code is rejected" },
          next: "two-fa.current-code",
          prefill: { problem: "CODE_REJECTED" },
        },
        {
          value: "LOST",
          label: {
            ja: "スマホを紛失・故障・機種変更した",
            en: "My phone was lost, broken or replaced",
          },
          next: "two-fa.backup-key",
          prefill: { problem: "LOST_DEVICE", deviceChangedRecently: true },
        },
        {
          value: "ENTRY_MISSING",
          label: { ja: "スマホはあるが、アプリから項目が消えた", en: "I have the phone, but the entry is gone from the app" },
          next: "two-fa.backup-key",
          prefill: { problem: "LOST_DEVICE" },
        },
      ],
    },
    {
      key: "two-fa.current-code",
      title: { ja: "いま表示されているコードを入力", en: "Enter the code shown right now" },
      body: {
        ja: [
          "コードは30秒ごとに新しくなり、古いコードは使えなくなります。",
          "残り時間がわずかなら次のコードを待ち、表示されたらすぐに入力してください。入力するのは数字6桁だけで、空白は不要です。",
        ],
        en: [
          "The code changes every 30 seconds, and an old code stops working.",
          "If the timer is nearly out, wait for the next code and type it in straight away. Enter only the 6 digits, without spaces.",
        ],
      },
      answers: [solvedAnswer(), stillStuckAnswer("two-fa.time-sync")],
    },
    {
      key: "two-fa.time-sync",
      title: { ja: "スマホの時計を自動設定に", en: "Set your phone's clock to automatic" },
      body: {
        ja: [
          "コードは時刻をもとに作られます。スマホの時計が少しでもずれていると、正しいコードになりません。",
          "設定アプリの「日付と時刻」で、自動設定をオンにしてから、新しいコードで試してください。",
        ],
        en: [
          "The codes are worked out from the time. If your phone's clock is off, even by a minute, the codes will not match.",
          "In your phone's settings, under date and time, turn on automatic time, then try a fresh code.",
        ],
      },
      checklist: {
        ja: ["日付と時刻：自動設定をオン", "タイムゾーン：自動設定をオン"],
        en: ["Date and time: set automatically", "Time zone: set automatically"],
      },
      answers: [solvedAnswer(), stillStuckAnswer("two-fa.right-entry")],
    },
    {
      key: "two-fa.right-entry",
      title: { ja: "正しい項目のコードを使う", en: "Use the right entry" },
      body: {
        ja: [
          "認証アプリには、いくつもの項目が並んでいることがあります。以前のアカウントや他のサービスの項目のコードでは、ログインできません。",
          "当社の名前と、いまログインしようとしているアカウントのメールアドレスが表示された項目を選んでください。",
        ],
        en: [
          "An authenticator app can hold many entries. A code from an old account's entry, or another service's, will not let you in.",
          "Choose the entry that shows our name and the email address of the account you are signing in to.",
        ],
      },
      answers: [
        solvedAnswer(),
        stillStuckAnswer("two-fa.backup-key", { label: { ja: "それでもコードが通らない", en: "The code is still rejected" } }),
      ],
    },
    {
      key: "two-fa.backup-key",
      title: { ja: "バックアップキーはありますか", en: "Do you have your backup key?" },
      body: {
        ja: [
          "2段階認証を設定したとき、バックアップキー（セットアップキー）が表示されています。QRコードの近くにあった、16文字以上の英数字です。",
          "このキーがあれば、どのスマホの認証アプリにもアカウントを戻せます。紙やメモに控えていないか探してみてください。",
        ],
        en: [
          "When you turned on two-factor authentication, you were shown a backup key (also called a setup key): 16 or more letters and digits, next to the QR code.",
          "With it, you can put your account back into the authenticator app on any phone. Check whether you wrote it down or saved it somewhere.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "ログインできました", en: "I can sign in now" }),
        {
          value: "YES",
          label: { ja: "はい、あります", en: "Yes, I have it" },
          next: "two-fa.restore-with-key",
          prefill: { hasBackupKey: true },
        },
        {
          value: "NO",
          label: { ja: "いいえ、ありません", en: "No, I don't have it" },
          next: "two-fa.verified-phone",
          prefill: { hasBackupKey: false },
        },
      ],
    },
    {
      key: "two-fa.restore-with-key",
      title: { ja: "バックアップキーで復元", en: "Restore with the backup key" },
      body: {
        ja: [
          "スマホの認証アプリを開き（なければ入れてください）、アカウントを追加します。QRコードを読み取る代わりに、キーを入力する方法を選んでください。",
          "このキーはあなたのアカウントの合鍵です。誰にも送らないでください。当社がキーを尋ねることはありません。",
        ],
        en: [
          "Open the authenticator app on your phone (install one if you need to) and add an account. Instead of scanning a QR code, choose to enter a key.",
          "This key is a spare key to your account. Never send it to anyone. We will never ask you for it.",
        ],
      },
      checklist: {
        ja: ["キーを一字ずつ正確に入力する", "種類は「時間ベース」を選ぶ", "新しく表示されたコードでログインする"],
        en: ["Type the key exactly, character by character", "Choose \"time-based\" if asked", "Sign in with the new code it shows"],
      },
      answers: [
        solvedAnswer({ ja: "復元できました", en: "It is restored" }),
        stillStuckAnswer("two-fa.verified-phone", { label: { ja: "うまくいきません", en: "It did not work" } }),
      ],
    },
    {
      key: "two-fa.verified-phone",
      title: { ja: "電話番号を認証していますか", en: "Did you verify a phone number?" },
      body: {
        ja: [
          "当社で電話番号を認証していれば、アプリの代わりにSMSでコードを受け取れます。本人確認の途中で認証した方も多いです。",
          "わからない場合は、ログインの画面でSMSを選べるか見てください。選べれば、番号は認証されています。",
        ],
        en: [
          "If you verified a phone number with us, you can get a code by SMS instead of the app. Many people did this during identity verification.",
          "Not sure? See whether the sign-in screen offers SMS. If it does, your number is verified.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "ログインできました", en: "I can sign in now" }),
        {
          value: "YES",
          label: { ja: "はい、認証しています", en: "Yes, it is verified" },
          next: "two-fa.sms-instead",
          prefill: { phoneVerified: "YES" },
        },
        {
          value: "NOT_SURE",
          label: { ja: "わかりません", en: "I'm not sure" },
          next: "two-fa.sms-instead",
          prefill: { phoneVerified: "UNKNOWN" },
        },
        {
          value: "NO",
          label: { ja: "いいえ、していません", en: "No, it is not" },
          next: "two-fa.reset-request",
          prefill: { phoneVerified: "NO" },
        },
      ],
    },
    {
      key: "two-fa.sms-instead",
      title: { ja: "SMSのコードでログイン", en: "Sign in with an SMS code" },
      body: {
        ja: [
          "2段階認証の画面で、SMSで認証する方法（または「別の方法」）を選んでください。認証済みの番号にコードが届きます。",
          "ログインできたら、いまのスマホで認証アプリを設定し直し、新しいバックアップキーを安全な場所に控えてください。",
        ],
        en: [
          "On the two-factor screen, choose to verify by SMS (or \"use another method\"). A code is sent to your verified number.",
          "Once you are in, set up the authenticator app again on your current phone and keep the new backup key somewhere safe, offline.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "SMSでログインできました", en: "I signed in with SMS" }),
        stillStuckAnswer("two-fa.reset-request", {
          label: { ja: "SMSを選べない・届かない", en: "No SMS option, or no SMS arrives" },
        }),
      ],
    },
    {
      key: "two-fa.reset-request",
      title: { ja: "2段階認証のリセットを依頼", en: "Request a two-factor reset" },
      body: {
        ja: [
          "ここまでで解決しない場合は、2段階認証をリセットできます。あなたの資産を守るため、担当者がご本人であることを確かめてから行います。少しお時間をいただきます。",
          "パスワード、コード、バックアップキーをお尋ねすることはありません。",
        ],
        en: [
          "If nothing so far worked, we can reset two-factor authentication for you. To protect your assets, an agent first confirms that you are the account holder, so it takes a little time.",
          "We will never ask for your password, codes or backup key.",
        ],
      },
      checklist: {
        ja: ["登録したメールアドレス", "登録したおおよその時期", "求められたときに出せる本人確認書類"],
        en: ["Your registered email address", "Roughly when you signed up", "An identity document, in case we ask for one"],
      },
      answers: [
        solvedAnswer({ ja: "やはりログインできました", en: "I managed to sign in after all" }),
        stillStuckAnswer(TO_TICKET, { label: { ja: "リセットを依頼する", en: "Request a reset" } }),
      ],
    },
  ],
};
