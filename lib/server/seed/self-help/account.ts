import "server-only";
import { TO_TICKET, type SelfHelpFlow } from "@/lib/self-help/types.ts";
import { solvedAnswer, stillStuckAnswer } from "./answers.ts";

/**
 * Account access: can't sign in, frozen or restricted, identity verification, or suspected
 * unauthorized access. Suspected access is urgent and goes straight to the ticket form, from the
 * first step or from any step where it comes to light (a fake site, a freeze notice).
 */
export const accountFlow: SelfHelpFlow = {
  category: "ACCOUNT",
  firstStep: "account.symptom",
  steps: [
    {
      key: "account.symptom",
      title: { ja: "どのような状況ですか", en: "What is happening?" },
      body: {
        ja: ["いちばん近いものを選んでください。身に覚えのない操作がある場合は、最後の項目を選んでください。"],
        en: ["Choose the closest match. If you see activity that was not you, choose the last option."],
      },
      answers: [
        solvedAnswer({ ja: "今は使えています", en: "It works now" }),
        {
          value: "CANNOT_LOGIN",
          label: { ja: "ログインできない", en: "I can't sign in" },
          next: "account.official-site",
          prefill: { problem: "CANNOT_LOGIN", suspectedUnauthorizedAccess: false },
        },
        {
          value: "FROZEN",
          label: { ja: "アカウントが凍結・制限された", en: "My account is frozen or restricted" },
          next: "account.frozen-notice",
          prefill: { problem: "FROZEN", suspectedUnauthorizedAccess: false },
        },
        {
          value: "KYC",
          label: { ja: "本人確認が終わらない", en: "My identity verification is not complete" },
          next: "account.kyc-documents",
          prefill: { problem: "KYC", suspectedUnauthorizedAccess: false },
        },
        {
          value: "UNAUTHORIZED",
          label: { ja: "誰かに不正にアクセスされたかもしれない", en: "Someone else may have got into my account" },
          next: "account.unauthorized",
          prefill: { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: true },
        },
      ],
    },
    {
      key: "account.official-site",
      title: { ja: "公式サイトか確かめましょう", en: "Make sure it is our official site" },
      body: {
        ja: [
          "偽のサイトは、当社のログイン画面をそっくりまねています。偽サイトでは、正しい情報でもログインできません。",
          "アドレスバーの表示が当社の公式アドレスと一字一句同じか確かめてください。メールや広告のリンクではなく、ブックマークか公式アプリから開くのが安全です。",
        ],
        en: [
          "Fake sites copy our sign-in page exactly, and on them even the right details never work.",
          "Check that the address bar shows our official address, character for character. Opening us from a bookmark or the official app is safer than links in mails or ads.",
        ],
      },
      checklist: {
        ja: ["「資産を凍結します」「乗っ取られました」など、急がせるメールは偽物のことがあります"],
        en: ["Mails that rush you (\"your assets will be frozen\", \"your account was hacked\") are often fake"],
      },
      answers: [
        solvedAnswer({ ja: "公式サイトからログインできました", en: "It works on the official site" }),
        stillStuckAnswer("account.registration", { label: { ja: "公式サイトで試しています", en: "I am on the official site" } }),
        {
          value: "ENTERED_ON_FAKE_SITE",
          label: { ja: "偽サイトに情報を入れたかもしれない", en: "I may have entered my details on a fake site" },
          next: "account.unauthorized",
          prefill: { problem: "UNAUTHORIZED_ACCESS", suspectedUnauthorizedAccess: true },
        },
      ],
    },
    {
      key: "account.registration",
      title: { ja: "登録は完了していますか", en: "Is your sign-up complete?" },
      body: {
        ja: [
          "ログインできるのは、メール認証まで終えて登録が完了したアカウントだけです。途中でやめていたり、別のサービスで登録していたりすることもあります。",
          "お使いのメールを当社の名前で検索すると、登録に使ったアドレスがわかります。当社からのメールが一通もなければ、新しく登録が必要かもしれません。",
        ],
        en: [
          "You can only sign in once sign-up is complete, including confirming your email. It is easy to stop halfway, or to have signed up with a different service.",
          "Searching your mailboxes for our name shows which address you used. If there is no mail from us at all, you may need to sign up.",
        ],
      },
      answers: [
        solvedAnswer(),
        stillStuckAnswer("account.password-reset", {
          label: { ja: "登録は完了しています", en: "My sign-up is complete" },
        }),
      ],
    },
    {
      key: "account.password-reset",
      title: { ja: "パスワードを再設定しましょう", en: "Reset your password" },
      body: {
        ja: [
          "パスワードに自信がなければ、ログイン画面の「パスワードを忘れた」から、登録したアドレスを入れてください。再設定のメールは、登録済みのアドレスにだけ届きます。",
          "届いたいちばん新しいメールのリンクから、他では使っていない新しいパスワードを設定してください。",
        ],
        en: [
          "If you are unsure of your password, choose \"Forgot password\" on the sign-in screen and enter your registered address. The reset mail only goes to an address that is registered.",
          "Use the link in the newest mail to set a new password that you use nowhere else.",
        ],
      },
      checklist: {
        ja: ["メールが来なければ迷惑メールフォルダを見て、1時間ほど後にもう一度確かめる"],
        en: ["No mail? Check your spam folder, then look again in about an hour"],
      },
      answers: [solvedAnswer(), stillStuckAnswer("account.puzzle")],
    },
    {
      key: "account.puzzle",
      title: { ja: "パズル認証は何度か試して大丈夫", en: "Retry the security puzzle" },
      body: {
        ja: [
          "ログインの途中で、パズルのピースをスライドして合わせる確認が出ることがあります。速すぎても遅すぎても失敗するので、何度かやり直すのはよくあることです。",
          "パズルが出たということは、メールアドレスとパスワードは合っています。落ち着いてもう一度。どうしても進まなければ、ページを読み込み直すか別のブラウザで試してください。",
        ],
        en: [
          "Signing in may ask you to slide a puzzle piece into place. Going too fast or too slow fails it, so a few tries are normal.",
          "If the puzzle appears, your email and password were accepted. Calmly try again. If it never completes, reload the page or try another browser.",
        ],
      },
      answers: [solvedAnswer(), stillStuckAnswer("account.maintenance")],
    },
    {
      key: "account.maintenance",
      title: { ja: "メンテナンス情報を確かめましょう", en: "Check for maintenance" },
      body: {
        ja: [
          "ログイン画面が開かない、エラーになる場合は、メンテナンス中かアクセスが集中しているのかもしれません。",
          "予定されたメンテナンスは事前にお知らせします。緊急のメンテナンスは、始まってから少し遅れてお知らせすることがあります。お知らせを確かめ、終わってからお試しください。",
        ],
        en: [
          "If the sign-in page does not open or shows an error, we may be under maintenance or very busy.",
          "Planned maintenance is announced in advance; emergency maintenance may be announced shortly after it starts. Check our announcements and try again once it is over.",
        ],
      },
      answers: [
        solvedAnswer({ ja: "メンテナンスでした。終了を待ちます", en: "It was maintenance; I will wait" }),
        stillStuckAnswer(TO_TICKET, { label: { ja: "問い合わせる", en: "Contact support" } }),
      ],
    },
    {
      key: "account.frozen-notice",
      title: { ja: "凍結のお知らせを読みましょう", en: "Read the notice about the freeze" },
      body: {
        ja: [
          "理由によって、解除までの道すじが変わります。メールのリンクではなく、公式アプリかサイトでお知らせを開いてください。凍結をほのめかす偽メールもあります。",
        ],
        en: [
          "The reason decides the way back. Open the notice in the official app or website, not from a link in a mail: fake mails also threaten freezes.",
        ],
      },
      checklist: {
        ja: [
          "本人確認（KYC）が終わっていない、または書類の内容が一致しない",
          "ふだんと違う取引（短期間の多額の取引、見慣れない送金先など）",
          "不正アクセスの疑い（資産を守るための凍結）",
          "規制当局や公的機関からの要請",
          "利用規約に反する行為",
        ],
        en: [
          "Identity verification (KYC) not finished, or documents that do not match",
          "Unusual activity, such as large trades in a short time or transfers to unfamiliar addresses",
          "Suspected unauthorized access (frozen to protect your assets)",
          "A request from a regulator or other authority",
          "A breach of the terms of use",
        ],
      },
      answers: [
        solvedAnswer({ ja: "お知らせの案内で解決しました", en: "The notice told me what to do" }),
        {
          value: "KYC",
          label: { ja: "本人確認が理由です", en: "It is about identity verification" },
          next: "account.kyc-documents",
        },
        {
          value: "SUSPECTED_COMPROMISE",
          label: { ja: "不正アクセスの疑いが理由です", en: "It is about suspected unauthorized access" },
          next: "account.unauthorized",
          prefill: { suspectedUnauthorizedAccess: true },
        },
        stillStuckAnswer("account.frozen-prepare", {
          label: { ja: "別の理由・理由が書かれていない", en: "Another reason, or no reason given" },
        }),
      ],
    },
    {
      key: "account.kyc-documents",
      title: { ja: "本人確認を完了しましょう", en: "Complete your identity verification" },
      body: {
        ja: [
          "アプリの本人確認の画面から、足りない書類を提出してください。氏名・生年月日・住所は、登録した内容と同じ書き方にします。",
          "提出後は審査に少し時間がかかります。終わるとお知らせの表示が変わります。",
        ],
        en: [
          "Send the missing documents from the identity verification screen in the app. Your name, date of birth and address must match what you registered, exactly.",
          "The review takes a little time after you submit. The notice changes once it is done.",
        ],
      },
      checklist: {
        ja: ["顔写真付きの身分証明書（運転免許証、パスポートなど）", "求められた場合は住所確認書類（公共料金の請求書、銀行の明細書など）"],
        en: ["A photo ID (driving licence, passport and so on)", "If asked, proof of address (a utility bill, a bank statement and so on)"],
      },
      answers: [
        solvedAnswer({ ja: "提出しました。審査を待ちます", en: "I sent them and will wait for the review" }),
        stillStuckAnswer("account.frozen-prepare"),
      ],
    },
    {
      key: "account.frozen-prepare",
      title: { ja: "お問い合わせの前に準備するもの", en: "What to have ready before contacting us" },
      body: {
        ja: [
          "次のものがそろっていると、確認が早く進みます。パスワード、コード、バックアップキーは不要です。お尋ねすることもありません。",
          "規制当局からの要請による凍結は、当局の判断に従うため、時間がかかることや解除できないことがあります。",
        ],
        en: [
          "Having these ready speeds up the review. We do not need your password, codes or backup key, and will never ask for them.",
          "A freeze requested by a regulator follows the authority's decision, so it can take time, and sometimes cannot be lifted.",
        ],
      },
      checklist: {
        ja: [
          "お知らせに書かれた理由（スクリーンショット）",
          "登録したメールアドレスとユーザーID",
          "本人確認書類",
          "ふだんと違う取引が理由なら、その目的、資金の出どころ、送金先",
        ],
        en: [
          "The reason given in the notice (a screenshot)",
          "Your registered email address and user ID",
          "Your identity documents",
          "If it is about unusual activity: what the transactions were for, where the funds came from, and where they went",
        ],
      },
      answers: [
        solvedAnswer({ ja: "知りたいことがわかりました", en: "That answers my question" }),
        stillStuckAnswer(TO_TICKET, { label: { ja: "問い合わせる", en: "Contact support" } }),
      ],
    },
    {
      key: "account.unauthorized",
      title: { ja: "今すぐ：アカウントを守りましょう", en: "Act now: protect your account" },
      body: {
        ja: [
          "まだログインできるなら、公式サイトかアプリで今すぐパスワードを変更してください。他では使っていない新しいものにします。2段階認証の設定と、最近のログイン・取引・出金も確かめてください。",
          "そのうえで、すぐにご連絡ください。確信がなくても構いません。早いほど資産を守れます。被害があれば、警察にも相談してください。",
        ],
        en: [
          "If you can still sign in, change your password on the official site or app right now, to a new one you use nowhere else. Check your two-factor settings and your recent sign-ins, trades and withdrawals.",
          "Then tell us straight away, even if you are not sure. The sooner we know, the better we can protect your assets. If anything was taken, report it to the police too.",
        ],
      },
      urgent: true,
      answers: [
        solvedAnswer({ ja: "自分の操作でした", en: "It was me after all" }),
        stillStuckAnswer(TO_TICKET, {
          label: { ja: "今すぐ報告する", en: "Report it now" },
          prefill: { suspectedUnauthorizedAccess: true },
        }),
      ],
    },
  ],
};
