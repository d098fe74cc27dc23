/**
 * Override and exfiltration phrases in fourteen languages besides English.
 * Each is built from three closed lists (verbs, qualifiers that point at the
 * assistant's own instructions, nouns), so "ignora todas las instrucciones
 * anteriores" fires while "mi jefe ignora mis correos" does not. Word order
 * varies: subject-object-verb languages (ja, ko, tr, hi) put the verb last,
 * so both orders are built.
 *
 * Phrases go through the same `foldCase` as the text, so accents, Turkish
 * dotless i and full-width forms match whichever way they were typed.
 */
import type { Rule } from "./rules";
import { foldCase } from "./normalize";

/** `owned`: a noun that carries "your" itself (Arabic تعليماتك), qualified on its own. */
type Phrases = { verbs: string[]; qualifiers: string[]; nouns: string[]; owned?: string[] };
/** `persona` hands the assistant a new identity; `free` frees it of its limits. Either alone is weak. */
type Language = { code: string; latin: boolean; verbLast?: boolean; override: Phrases; exfil: Phrases; persona: string[]; free: string[] };

// One sentence at most: the parts of a phrase never span a full stop.
const GAP = (n: number) => `[^.!?\\n。！？]{0,${n}}?`;

const LANGUAGES: Language[] = [
  {
    code: "es",
    latin: true,
    override: {
      verbs: ["ignora", "ignore", "ignorad", "ignoren", "olvida", "olvide", "olvidate de", "olvidad", "descarta", "omite", "haz caso omiso", "no sigas", "deja de seguir", "pasa por alto", "anula", "desobedece"],
      qualifiers: ["anteriores", "previas", "precedentes", "de arriba", "iniciales", "originales", "del sistema", "tus", "sus", "todas las", "todo lo anterior"],
      nouns: ["instrucciones", "indicaciones", "reglas", "ordenes", "directrices", "prompt", "programacion", "restricciones", "lo anterior"],
    },
    exfil: {
      verbs: ["muestra", "muestrame", "revela", "revelame", "dime", "imprime", "repite", "ensename", "comparte", "escribe", "cual es", "cuales son", "dame", "copia"],
      qualifiers: ["del sistema", "de sistema", "tus", "tu", "iniciales", "originales", "ocultas", "ocultos", "secretas"],
      nouns: ["prompt", "instrucciones", "mensaje del sistema", "reglas", "directrices", "indicaciones"],
    },
    persona: ["ahora eres", "a partir de ahora eres", "finge que eres", "actua como una ia sin"],
    free: ["sin restricciones", "sin filtros", "modo desarrollador"],
  },
  {
    code: "fr",
    latin: true,
    override: {
      verbs: ["ignore", "ignorez", "ignorer", "oublie", "oubliez", "oublier", "ne tiens pas compte", "ne tenez pas compte", "fais abstraction", "faites abstraction", "neglige", "negligez", "outrepasse", "desobeis"],
      qualifiers: ["precedentes", "anterieures", "ci dessus", "ci-dessus", "du systeme", "initiales", "originales", "tes", "vos", "toutes les", "tout ce qui precede"],
      nouns: ["instructions", "consignes", "regles", "directives", "prompt", "ordres", "tout ce qui precede", "restrictions"],
    },
    exfil: {
      verbs: ["revele", "revelez", "montre", "montrez", "affiche", "affichez", "donne moi", "donne-moi", "donnez moi", "donnez-moi", "repete", "repetez", "dis moi", "dis-moi", "dites moi", "dites-moi", "ecris", "imprime", "quel est", "quelles sont", "partage"],
      qualifiers: ["systeme", "du systeme", "tes", "vos", "ton", "votre", "initiales", "initial", "cachees", "secretes"],
      nouns: ["prompt", "invite", "instructions", "consignes", "message systeme", "regles"],
    },
    persona: ["tu es maintenant", "vous etes maintenant", "a partir de maintenant tu es", "fais semblant d etre"],
    free: ["sans restrictions", "sans aucune restriction", "sans filtre", "mode developpeur"],
  },
  {
    code: "de",
    latin: true,
    override: {
      verbs: ["ignoriere", "ignorieren", "ignoriert", "vergiss", "vergessen", "vergesst", "missachte", "missachten", "uberspringe", "verwirf", "verwerfe", "befolge nicht", "befolgen sie nicht", "setze ausser kraft"],
      qualifiers: ["vorherigen", "vorigen", "bisherigen", "obigen", "oben", "davor", "vorher", "zuvor", "fruheren", "vorherige", "alle", "deine", "ihre", "ursprunglichen", "system"],
      nouns: ["anweisungen", "instruktionen", "befehle", "regeln", "vorgaben", "richtlinien", "systemprompt", "anweisung", "alles"],
    },
    exfil: {
      verbs: ["zeige", "zeig", "zeigen sie", "gib", "geben sie", "verrate", "verraten sie", "nenne", "wiederhole", "drucke", "offenbare", "was ist", "was sind", "schreib", "gib mir"],
      qualifiers: ["deinen", "deine", "ihren", "ihre", "system", "ursprunglichen", "versteckten", "anfanglichen", "geheimen"],
      nouns: ["systemprompt", "system prompt", "prompt", "anweisungen", "systemanweisungen", "systemnachricht", "regeln", "instruktionen"],
    },
    persona: ["du bist jetzt", "ab jetzt bist du", "tu so als warst du"],
    free: ["ohne einschrankungen", "ohne filter", "entwicklermodus"],
  },
  {
    code: "it",
    latin: true,
    override: {
      verbs: ["ignora", "ignorare", "ignorate", "dimentica", "dimenticare", "dimenticate", "trascura", "non seguire", "non considerare", "scarta", "disobbedisci"],
      qualifiers: ["precedenti", "di sopra", "sopra", "iniziali", "originali", "del sistema", "tue", "tutte le", "tutto quanto"],
      nouns: ["istruzioni", "regole", "direttive", "indicazioni", "prompt", "ordini", "restrizioni"],
    },
    exfil: {
      verbs: ["mostra", "mostrami", "rivela", "rivelami", "dimmi", "stampa", "ripeti", "scrivi", "qual e", "quali sono", "condividi", "dammi"],
      qualifiers: ["di sistema", "del sistema", "tue", "tuo", "iniziali", "nascoste", "originali", "segrete"],
      nouns: ["prompt", "istruzioni", "messaggio di sistema", "regole", "direttive"],
    },
    persona: ["ora sei", "da ora in poi sei", "fingi di essere"],
    free: ["senza restrizioni", "senza filtri", "modalita sviluppatore"],
  },
  {
    code: "pt",
    latin: true,
    override: {
      verbs: ["ignore", "ignora", "ignorar", "esqueca", "esquece", "esquecam", "desconsidere", "desconsidera", "descarte", "nao siga", "deixe de seguir", "despreze", "desobedeca"],
      qualifiers: ["anteriores", "previas", "acima", "iniciais", "originais", "do sistema", "suas", "tuas", "todas as", "tudo"],
      nouns: ["instrucoes", "regras", "diretrizes", "ordens", "prompt", "orientacoes", "restricoes", "acima"],
    },
    exfil: {
      verbs: ["mostre", "mostra", "revele", "revela", "diga", "me diga", "imprima", "repita", "escreva", "qual e", "quais sao", "compartilhe", "me de", "exiba"],
      qualifiers: ["do sistema", "de sistema", "suas", "seu", "tuas", "teu", "iniciais", "ocultas", "originais", "secretas"],
      nouns: ["prompt", "instrucoes", "mensagem do sistema", "regras", "diretrizes"],
    },
    persona: ["agora voce e", "a partir de agora voce e", "finja que voce e"],
    free: ["sem restricoes", "sem filtros", "modo desenvolvedor"],
  },
  {
    code: "nl",
    latin: true,
    override: {
      verbs: ["negeer", "negeren", "vergeet", "vergeten", "let niet op", "sla over", "volg niet", "gooi weg"],
      qualifiers: ["vorige", "eerdere", "bovenstaande", "voorgaande", "alle", "je", "jouw", "uw", "oorspronkelijke", "systeem"],
      nouns: ["instructies", "regels", "richtlijnen", "opdrachten", "prompt", "systeeminstructies", "alles hierboven"],
    },
    exfil: {
      verbs: ["toon", "laat zien", "laat me", "geef", "herhaal", "print", "onthul", "vertel", "wat is", "wat zijn", "deel"],
      qualifiers: ["je", "jouw", "uw", "systeem", "verborgen", "oorspronkelijke", "geheime"],
      nouns: ["systeemprompt", "systeem prompt", "prompt", "instructies", "systeeminstructies", "systeembericht", "regels"],
    },
    persona: ["je bent nu", "jij bent nu", "vanaf nu ben je", "doe alsof je"],
    free: ["zonder beperkingen", "zonder filters", "ontwikkelaarsmodus"],
  },
  {
    code: "pl",
    latin: true,
    override: {
      verbs: ["zignoruj", "ignoruj", "zignorujcie", "zapomnij", "zapomnijcie", "pomin", "nie stosuj sie", "odrzuc", "olej"],
      qualifiers: ["poprzedni", "wczesniejsz", "powyzsz", "wszystk", "twoj", "swoj", "systemow"],
      nouns: ["instrukcje", "instrukcji", "instrukcjach", "polecenia", "polecen", "zasady", "zasad", "reguly", "prompt", "wszystko powyzej"],
    },
    exfil: {
      verbs: ["pokaz", "ujawnij", "wyswietl", "podaj", "powiedz", "powtorz", "wypisz", "zdradz", "jaki jest", "jakie sa", "wydrukuj"],
      qualifiers: ["systemowy", "systemowego", "swoj", "twoj", "twoje", "swoje", "systemowe", "ukryte", "poczatkowe"],
      nouns: ["prompt", "promptu", "instrukcje", "zasady", "polecenia"],
    },
    persona: ["teraz jestes", "od teraz jestes", "udawaj ze jestes"],
    free: ["bez ograniczen", "bez filtrow", "tryb dewelopera"],
  },
  {
    code: "ru",
    latin: false,
    override: {
      verbs: ["игнорируи", "игнорируите", "проигнорируи", "проигнорируите", "игнорировать", "забудь", "забудьте", "не обращаи внимания", "пренебреги", "отбрось", "не следуи", "не слушаи"],
      qualifiers: ["предыдущ", "прежн", "вышеуказанн", "все ", "всё", "свои", "твои", "ваши", "системн", "исходн", "изначальн", "выше"],
      nouns: ["инструкци", "указани", "правил", "промпт", "команд", "ограничени", "сказанное"],
    },
    exfil: {
      verbs: ["покажи", "покажите", "раскрои", "раскроите", "выведи", "напечатаи", "повтори", "скажи", "расскажи", "какои", "какие", "сообщи", "открои", "напиши"],
      qualifiers: ["системн", "свои", "твои", "ваши", "исходн", "скрыт", "изначальн", "секретн"],
      nouns: ["промпт", "инструкци", "сообщение", "запрос", "правила"],
    },
    persona: ["теперь ты", "ты теперь", "притворись что ты"],
    free: ["без ограничении", "без фильтров", "режим разработчика"],
  },
  {
    code: "zh",
    latin: false,
    override: {
      verbs: ["忽略", "无视", "無視", "忽视", "忽視", "不要理会", "不要理會", "忘记", "忘記", "忘掉", "抛弃", "拋棄", "放弃", "放棄", "跳过", "跳過", "不要遵守", "停止遵循", "不再遵守"],
      qualifiers: ["之前", "以前", "先前", "上面", "以上", "上述", "前面", "所有", "全部", "你的", "系统", "系統", "原来", "原來", "原始", "一切"],
      nouns: ["指令", "指示", "提示", "规则", "規則", "说明", "說明", "设定", "設定", "命令", "限制", "要求"],
    },
    exfil: {
      verbs: ["显示", "顯示", "告诉我", "告訴我", "输出", "輸出", "打印", "重复", "重複", "透露", "泄露", "洩露", "展示", "给我看", "給我看", "说出", "說出", "公开", "公開", "是什么", "是什麼"],
      qualifiers: ["系统", "系統", "初始", "原始", "隐藏", "隱藏", "你的", "秘密"],
      nouns: ["提示", "指令", "规则", "規則", "设定", "設定", "消息", "訊息"],
    },
    persona: ["你现在是", "你現在是", "从现在开始你是", "從現在開始你是", "假装你是", "假裝你是"],
    free: ["没有任何限制", "沒有任何限制", "不受限制", "开发者模式", "開發者模式"],
  },
  {
    code: "ja",
    latin: false,
    verbLast: true,
    override: {
      verbs: ["無視", "忘れ", "破棄", "従わな", "従うな", "取り消"],
      qualifiers: ["以前の", "前の", "これまでの", "上記の", "上の", "すべての", "全ての", "あなたの", "システムの", "最初の", "元の", "先ほどの"],
      nouns: ["指示", "命令", "ルール", "プロンプト", "設定", "指令", "制限"],
    },
    exfil: {
      verbs: ["表示", "見せ", "教え", "出力", "開示", "繰り返", "書い", "印刷", "公開", "明かし"],
      qualifiers: ["システム", "初期", "あなたの", "隠された", "最初の", "秘密の"],
      nouns: ["プロンプト", "指示", "メッセージ", "ルール", "設定"],
    },
    persona: ["あなたは今から", "今からあなたは"],
    free: ["制限のない", "制限なし", "開発者モード"],
  },
  {
    code: "ko",
    latin: false,
    verbLast: true,
    override: {
      verbs: ["무시", "잊어", "잊으", "따르지 마", "따르지마", "버려"],
      qualifiers: ["이전", "앞의", "위의", "모든", "기존", "너의", "당신의", "시스템", "처음"],
      nouns: ["지시", "지침", "명령", "규칙", "프롬프트", "설정", "안내"],
    },
    exfil: {
      verbs: ["보여", "알려", "출력", "공개", "말해", "반복", "드러내", "밝혀"],
      qualifiers: ["시스템", "초기", "너의", "당신의", "숨겨진", "원래"],
      nouns: ["프롬프트", "지시", "지침", "메시지", "규칙"],
    },
    persona: ["너는 이제", "당신은 이제", "지금부터 너는"],
    free: ["제한 없는", "제한이 없는", "개발자 모드"],
  },
  {
    code: "tr",
    latin: true,
    verbLast: true,
    override: {
      verbs: ["yok say", "yoksay", "gormezden gel", "unut", "ihmal et", "dikkate alma", "uyma", "gecersiz say"],
      qualifiers: ["onceki", "tum", "butun", "yukaridaki", "sistem", "senin", "ilk", "orijinal"],
      nouns: ["talimat", "yonerge", "kural", "komut", "istem", "prompt"],
      owned: ["talimatlarini", "kurallarini", "yonergelerini", "komutlarini", "talimatlarinizi", "kurallarinizi"],
    },
    exfil: {
      verbs: ["goster", "acikla", "yazdir", "soyle", "tekrarla", "paylas", "ifsa et", "ver", "nedir"],
      qualifiers: ["sistem", "senin", "gizli", "ilk", "orijinal", "talimatlarini", "kurallarini"],
      nouns: ["istem", "prompt", "talimat", "mesaj", "kural"],
    },
    persona: ["artik sen", "bundan sonra sen"],
    free: ["kisitlama olmadan", "kisitlamasiz", "filtresiz", "gelistirici modu"],
  },
  {
    code: "ar",
    latin: false,
    override: {
      verbs: ["تجاهل", "تجاهلي", "تجاهلوا", "انس", "انسى", "انسي", "اهمل", "أهمل", "لا تتبع", "تخط", "تخطى", "الغ", "ألغ"],
      qualifiers: ["السابقة", "السابق", "الأصلية", "الاصلية", "أعلاه", "اعلاه", "النظام", "جميع", "كل", "الخاصة بك"],
      nouns: ["التعليمات", "تعليمات", "تعليماتك", "الأوامر", "الاوامر", "أوامرك", "الإرشادات", "الارشادات", "القواعد", "قواعدك", "التوجيهات", "القيود"],
      owned: ["تعليماتك", "قواعدك", "أوامرك", "اوامرك", "إرشاداتك", "ارشاداتك", "توجيهاتك", "قيودك"],
    },
    exfil: {
      verbs: ["اكشف", "أظهر", "اظهر", "اعرض", "أعرض", "اطبع", "كرر", "أخبرني", "اخبرني", "قل لي", "شارك", "ما هي", "ما هو"],
      qualifiers: ["النظام", "الخاصة بك", "الأصلية", "الاصلية", "المخفية", "السرية", "الأولية", "الاولية", "ك"],
      nouns: ["موجه", "التعليمات", "تعليمات", "تعليماتك", "رسالة النظام", "القواعد", "قواعدك", "الموجه"],
    },
    persona: ["أنت الآن", "انت الان", "من الآن فصاعدا أنت"],
    free: ["بدون قيود", "دون قيود", "وضع المطور"],
  },
  {
    code: "hi",
    latin: false,
    verbLast: true,
    override: {
      verbs: ["अनदेखा कर", "नजरअंदाज कर", "नज़रअंदाज़ कर", "नजरअंदाज", "भूल जा", "भूल जाओ", "भूल जाइए", "भूलो", "अवहेलना", "पालन मत", "पालन न", "ignore"],
      qualifiers: ["पिछले", "पिछली", "पहले", "पूर्व", "सभी", "सारे", "अपने", "तुम्हारे", "आपके", "सिस्टम", "ऊपर", "मूल"],
      nouns: ["निर्देश", "नियम", "आदेश", "प्रॉम्प्ट", "प्रोम्प्ट", "हिदायत"],
    },
    exfil: {
      verbs: ["दिखाओ", "दिखाइए", "दिखाएं", "दिखाएँ", "बताओ", "बताइए", "बताएं", "बताएँ", "प्रकट", "लिखो", "दोहराओ", "साझा"],
      qualifiers: ["सिस्टम", "अपने", "अपना", "अपनी", "छिपे", "मूल", "आपके", "तुम्हारे", "आपका", "तुम्हारा"],
      nouns: ["प्रॉम्प्ट", "प्रोम्प्ट", "निर्देश", "नियम"],
    },
    persona: ["अब तुम", "अब आप"],
    free: ["बिना किसी प्रतिबंध", "बिना प्रतिबंध", "डेवलपर मोड"],
  },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function list(items: string[]): string {
  // Longest first, so "olvidate de" wins over "olvida".
  const folded = [...new Set(items.map((item) => foldCase(item)))].sort((a, b) => b.length - a.length);
  return `(?:${folded.map(escape).join("|")})`;
}

function phraseSource(phrases: Phrases, language: Language): string {
  const verbs = list(phrases.verbs);
  const owned = phrases.owned ? `|${list(phrases.owned)}` : "";
  const object = `(?:${list(phrases.qualifiers)}${GAP(16)}${list(phrases.nouns)}|${list(phrases.nouns)}${GAP(16)}${list(phrases.qualifiers)}${owned})`;
  // A Latin-script verb must start a word: "ignora" inside "signora" is not a verb.
  const start = language.latin ? "(?<![\\p{L}])" : "";
  const verbFirst = `${start}${verbs}${GAP(40)}${object}`;
  return language.verbLast ? `(?:${verbFirst}|${object}${GAP(30)}${verbs})` : verbFirst;
}

export const MULTILINGUAL_RULES: Rule[] = LANGUAGES.flatMap((language) => {
  const rules: Rule[] = [
    {
      id: `override.${language.code}`,
      category: "override_instructions",
      weight: 0.85,
      view: "folded",
      pattern: new RegExp(phraseSource(language.override, language), "gu"),
      needsText: language.override.nouns.map(foldCase),
    },
    {
      id: `exfil.${language.code}`,
      category: "prompt_exfiltration",
      weight: 0.85,
      view: "folded",
      pattern: new RegExp(phraseSource(language.exfil, language), "gu"),
      needsText: language.exfil.nouns.map(foldCase),
    },
  ];
  const start = language.latin ? "(?<![\\p{L}])" : "";
  rules.push({ id: `role.${language.code}`, category: "role_override", weight: 0.45, view: "folded", pattern: new RegExp(start + list(language.persona), "gu"), needsText: language.persona.map(foldCase) });
  rules.push({ id: `role.free.${language.code}`, category: "role_override", weight: 0.45, view: "folded", pattern: new RegExp(start + list(language.free), "gu"), needsText: language.free.map(foldCase) });
  return rules;
});
