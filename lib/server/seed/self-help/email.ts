import "server-only";
import { TO_TICKET, type SelfHelpFlow } from "@/lib/self-help/types.ts";
import { solvedAnswer, stillStuckAnswer } from "./answers.ts";

/** "Not receiving email" (verification, password reset, withdrawal confirmation). */
export const emailFlow: SelfHelpFlow = {
  category: "EMAIL",
  firstStep: "email.address-typo",
  steps: [
    {
      key: "email.address-typo",
      title: { ja: "メールアドレスを確かめましょう", en: "Check the email address" },
      body: {
        ja: [
          "いちばん多い原因は、アドレスの小さな打ち間違いです。メールを依頼したときに入力したアドレスを、下の欄に入れて確かめてください。",
          "依頼の画面で打ち間違えただけなら、正しいアドレスでもう一度依頼すれば届きます。",
          "アカウントに登録したアドレスそのものが間違っている場合は、当社で変更します。下で選んでください。",
        ],
        en: [
          "The most common cause is a small typo in the address. Type the address you used when you asked for the mail into the box below to check it.",
          "If it was only mistyped on the request screen, asking again with the right address is enough.",
          "If the address registered on your account is itself wrong, we change it for you: choose that below.",
        ],
      },
      checklist: {
        ja: [
          "見た目が似た文字：小文字の l と数字の 1、大文字の O と数字の 0",
          "@ より後ろ（メールサービスの部分）のつづり",
          "全角の文字や空白、続いた点（..）が混ざっていないか",
        ],
        en: [
          "Look-alike characters: lowercase l and the digit 1, capital O and the digit 0",
          "The spelling after the @ (your mail service's part)",
          "No full-width characters, spaces or doubled dots (..)",
        ],
      },
      tool: "email-typo-check",
      answers: [
        solvedAnswer({ ja: "間違いを直したら届きました", en: "I fixed a typo and the mail arrived" }),
        stillStuckAnswer("email.spam-folder", { label: { ja: "アドレスは正しいです", en: "The address is correct" } }),
        {
          value: "WRONG_ON_ACCOUNT",
          label: {
            ja: "登録したアドレス自体が間違っています",
            en: "My account was registered with a wrong address",
          },
          next: TO_TICKET,
        },
      ],
    },
    {
      key: "email.spam-folder",
      title: { ja: "迷惑メールフォルダを見てみましょう", en: "Look in your spam folder" },
      body: {
        ja: [
          "メールが自動で別のフォルダに振り分けられていることがよくあります。受信トレイ以外も確かめてください。",
          "見つかったら「迷惑メールではない」にして、当社の送信元アドレスを連絡先か受信許可リストに追加すると、次から受信トレイに届きます。",
        ],
        en: [
          "Mail is often sorted into another folder automatically. Check beyond your inbox.",
          "If you find it, mark it as \"not spam\" and add our sender address to your contacts or safe-sender list so the next one lands in your inbox.",
        ],
      },
      checklist: {
        ja: [
          "迷惑メール（スパム）フォルダ",
          "ごみ箱",
          "「プロモーション」などのタブやフォルダ",
          "携帯会社のメールでは、パソコンからのメールを受け取らない設定になっていないか（受信許可の設定）",
        ],
        en: [
          "Spam or junk folder",
          "Trash or deleted items",
          "Tabs or folders such as \"Promotions\" or \"Other\"",
          "Blocked-sender or filter settings in your mail app, and your provider's allow list",
        ],
      },
      answers: [
        solvedAnswer({ ja: "見つかりました", en: "Found it" }),
        stillStuckAnswer("email.wait-delay", {
          label: { ja: "どこにもありません", en: "It is not in any folder" },
          prefill: { checkedSpam: true },
        }),
      ],
    },
    {
      key: "email.wait-delay",
      title: { ja: "少しだけ待ってみましょう", en: "Give it a little time" },
      body: {
        ja: [
          "メールはふつう数分で届きますが、混み合っているときや受け取る側のメールサービスの都合で、数時間かかることもあります。",
          "15分ほど待ってから、もう一度受信トレイと迷惑メールフォルダを見てください。",
        ],
        en: [
          "Mail usually arrives within a few minutes, but when things are busy, or your mail service is slow to accept it, it can take a few hours.",
          "Wait about 15 minutes, then check your inbox and spam folder again.",
        ],
      },
      checklist: {
        ja: ["メールボックスの容量がいっぱいになっていないか"],
        en: ["Your mailbox is not full"],
      },
      answers: [
        solvedAnswer({ ja: "届きました", en: "It arrived" }),
        stillStuckAnswer("email.resend-once", { label: { ja: "待っても届きません", en: "Still nothing after waiting" } }),
      ],
    },
    {
      key: "email.resend-once",
      title: { ja: "再送信は1回だけ", en: "Ask for it again, once" },
      body: {
        ja: [
          "アプリかサイトの画面から、メールの再送信を1回だけ依頼してください。依頼する前に、表示されているアドレスが正しいかもう一度確かめましょう。",
          "何度も続けて押すと、しばらく送信が止まったり、古いメールのリンクが使えなくなったりします。届いたら、いちばん新しいメールを開いてください。",
        ],
        en: [
          "Ask for the mail again from the app or website, just once. Before you do, check that the address shown is right.",
          "Pressing resend many times can pause sending for a while and makes the links in older mails stop working. When it arrives, open the newest mail.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "今度は届きました", en: "This time it arrived" }),
        stillStuckAnswer("email.already-registered"),
      ],
    },
    {
      key: "email.already-registered",
      title: { ja: "登録済み・登録途中ではありませんか", en: "Already registered, or sign-up not finished?" },
      body: {
        ja: [
          "「このアドレスは登録済みです」と表示される場合、そのアドレスで以前にアカウントを作っています。新しく登録するのではなく、ログインするか「パスワードを忘れた」から進んでください。",
          "登録を始めたのにメール認証を終えていないと、登録は完了していません。受信箱を当社の名前で検索すると、過去の案内メールが見つかることがあります。",
        ],
        en: [
          "If you see \"this address is already registered\", an account already exists with it. Sign in, or use \"Forgot password\", instead of signing up again.",
          "If you started signing up but never confirmed your email, the sign-up is not complete. Searching your mailbox for our name may turn up an earlier mail.",
        ],
      },
      checklist: {
        ja: ["どうしても使えないときは、別のメールアドレスで登録する方法もあります"],
        en: ["If that address cannot be used, signing up with a different address is also an option"],
      },
      answers: [
        solvedAnswer({ ja: "ログインできました", en: "I can sign in now" }),
        stillStuckAnswer("email.security-filter", {
          label: { ja: "当てはまりません", en: "This is not my case" },
        }),
      ],
    },
    {
      key: "email.security-filter",
      title: { ja: "セキュリティ設定を確かめましょう", en: "Check security filters" },
      body: {
        ja: [
          "セキュリティソフトやファイアウォール、会社や学校のメールの仕組みが、当社のメールを止めていることがあります。",
          "隔離されたメールの一覧を見て、当社の送信元を許可してください。設定を変えられない場合は、ふだん使いの大手メールサービスのアドレスに変えるのも一つの方法です。",
        ],
        en: [
          "Security software, a firewall, or a company or school mail system can hold back our mail.",
          "Look at the list of quarantined mail and allow our sender. If you cannot change those settings, using a mainstream personal mail service instead can help.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "許可したら届きました", en: "It arrived after I allowed it" }),
        stillStuckAnswer("email.service-status"),
      ],
    },
    {
      key: "email.service-status",
      title: { ja: "当社のお知らせを確かめましょう", en: "Check our announcements" },
      body: {
        ja: [
          "まれに、当社側の不具合でメールの送信が遅れたり止まったりすることがあります。",
          "公式サイトやアプリのお知らせに障害の案内があれば、復旧をお待ちください。案内がなく、ここまで試しても届かない場合は、お問い合わせください。",
        ],
        en: [
          "Occasionally a problem on our side delays or stops outgoing mail.",
          "If the announcements on our official website or app mention an incident, please wait for the fix. If there is none and nothing above helped, contact us.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "障害でした。復旧を待ちます", en: "It was an incident; I will wait" }),
        stillStuckAnswer(TO_TICKET, { label: { ja: "問い合わせる", en: "Contact support" } }),
      ],
    },
  ],
};
