import "server-only";
import { TO_TICKET, type SelfHelpFlow } from "@/lib/self-help/types.ts";
import { solvedAnswer, stillStuckAnswer } from "./answers.ts";

/**
 * SMS codes. A missing SMS goes through number, signal and filters before resending; a rejected
 * code goes straight to "wait, resend once, use the newest"; a number that is no longer the
 * user's goes to the recovery request. All end at the authenticator app as the alternative.
 */
export const smsFlow: SelfHelpFlow = {
  category: "SMS",
  firstStep: "sms.symptom",
  steps: [
    {
      key: "sms.symptom",
      title: { ja: "SMSはどうなっていますか", en: "What happens with the SMS?" },
      body: {
        ja: ["当てはまるものを選んでください。それに合わせて、確かめることをご案内します。"],
        en: ["Choose what fits best, and we will show you what to check."],
      },
      answers: [
        solvedAnswer({ ja: "今は使えています", en: "It works now" }),
        {
          value: "NO_SMS",
          label: { ja: "SMSが届かない", en: "No SMS arrives" },
          next: "sms.number-format",
          prefill: { problem: "NO_SMS" },
        },
        {
          value: "CODE_REJECTED",
          label: { ja: "届くが、コードが通らない", en: "It arrives, but the code is rejected" },
          next: "sms.wait-resend",
          prefill: { problem: "CODE_REJECTED" },
        },
        {
          value: "NUMBER_CHANGED",
          label: { ja: "登録した番号をもう使っていない", en: "I no longer have the registered number" },
          next: "sms.number-changed",
          prefill: { problem: "NUMBER_CHANGED" },
        },
      ],
    },
    {
      key: "sms.number-format",
      title: { ja: "番号と国番号を確かめましょう", en: "Check the number and country code" },
      body: {
        ja: [
          "コードは、当社に登録した番号にだけ届きます。画面に出ている番号の末尾が、お使いの電話と同じか確かめてください。",
          "国番号は、いまいる国ではなく、その番号の国のものです。日本の番号なら +81 を付け、先頭の 0 を外します（090… → +81 90…）。",
        ],
        en: [
          "The code only goes to the number registered with us. Check that the last digits shown on screen match your phone.",
          "The country code is the one of your number, not of the country you are in now. For a Japanese number, that is +81 without the leading 0 (090… becomes +81 90…).",
        ],
      },
      answers: [
        solvedAnswer(),
        stillStuckAnswer("sms.signal-roaming", { label: { ja: "番号は正しいです", en: "The number is right" } }),
        {
          value: "NOT_MY_NUMBER",
          label: { ja: "登録されているのは古い番号です", en: "The registered number is an old one" },
          next: "sms.number-changed",
          prefill: { problem: "NUMBER_CHANGED" },
        },
      ],
    },
    {
      key: "sms.signal-roaming",
      title: { ja: "電波とローミングを確かめましょう", en: "Check signal and roaming" },
      body: {
        ja: [
          "SMSは携帯電話の回線で届きます。Wi-Fiだけでは受け取れません。",
          "機内モードを切り、電波の入る場所で、スマホを再起動してから待ってください。海外にいる場合は、ローミングをオンにし、海外でSMSを受け取れる契約か確かめてください。",
        ],
        en: [
          "SMS comes over the mobile network. Wi-Fi alone is not enough.",
          "Turn off airplane mode, go where you have signal, restart the phone and wait. If you are abroad, turn on roaming and make sure your plan can receive SMS abroad.",
        ],
      },
      answers: [solvedAnswer(), stillStuckAnswer("sms.carrier-filter")],
    },
    {
      key: "sms.carrier-filter",
      title: { ja: "SMSの拒否設定を確かめましょう", en: "Check SMS blocking and filters" },
      body: {
        ja: [
          "コードは短い番号や海外の番号から送られます。携帯会社の迷惑SMSフィルタや、スマホの拒否設定で止められていることがあります。",
          "迷惑メッセージのフォルダを見て、海外からのSMSや知らない送信元を拒否する設定があれば、いったん解除してください。",
        ],
        en: [
          "Codes come from a short code or an overseas sender. Your carrier's spam filter or your phone's blocking settings can stop them.",
          "Look in the filtered or junk messages folder, and turn off any setting that blocks overseas or unknown senders for now.",
        ],
      },
      answers: [solvedAnswer({ ja: "解除したら届きました", en: "It arrived after I changed that" }), stillStuckAnswer("sms.wait-resend")],
    },
    {
      key: "sms.wait-resend",
      title: { ja: "少し待ってから、1回だけ再送信", en: "Wait, then ask for one new code" },
      body: {
        ja: [
          "続けて何度も依頼すると、しばらく送信が止まります。また、新しいコードを依頼するたびに前のコードは使えなくなります。",
          "数分待ってから1回だけ依頼し、いちばん新しいSMSのコードを、届いたらすぐ入力してください。",
        ],
        en: [
          "Asking many times in a row pauses sending for a while, and each new request makes the previous code stop working.",
          "Wait a few minutes, ask once, and enter the code from the newest SMS as soon as it arrives.",
        ],
      },
      answers: [solvedAnswer(), stillStuckAnswer("sms.authenticator")],
    },
    {
      key: "sms.number-changed",
      title: { ja: "番号が変わった・使えない場合", en: "If your number changed or is gone" },
      body: {
        ja: [
          "スマホを替えただけで番号が同じなら、SIMを新しいスマホに入れればこれまでどおりSMSが届きます。",
          "番号そのものを解約・変更した場合、コードは新しい番号に届きません。新しい番号の登録は、ご本人の確認が取れてから当社が行います。",
        ],
        en: [
          "If you only changed phones and kept the number, put the SIM in the new phone and SMS will arrive as before.",
          "If the number itself was cancelled or changed, codes cannot reach your new one. We register the new number once we have confirmed it is you.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "SIMを入れたら届きました", en: "SMS arrives with my SIM in the new phone" }),
        stillStuckAnswer("sms.authenticator", { label: { ja: "番号が変わっています", en: "My number has changed" } }),
      ],
    },
    {
      key: "sms.authenticator",
      title: { ja: "認証アプリに切り替える", en: "Use your authenticator app instead" },
      body: {
        ja: [
          "認証アプリも設定している場合は、2段階認証の画面でSMSの代わりにアプリのコードを選べます。",
          "ログインできたら、セキュリティ設定で電話番号を最新のものにしてください。どちらも使えない場合は、担当者が復旧をお手伝いします。",
        ],
        en: [
          "If you also set up an authenticator app, you can choose its code instead of SMS on the two-factor screen.",
          "Once you are in, update your phone number in the security settings. If you cannot use either, an agent will help you recover access.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "アプリでログインできました", en: "I signed in with the app" }),
        stillStuckAnswer(TO_TICKET, { label: { ja: "復旧を依頼する", en: "Ask for help recovering access" } }),
      ],
    },
  ],
};
