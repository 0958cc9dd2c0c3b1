"""The strings EdgeMmf's tokenizer is checked on: prose, code, numbers, whitespace runs, accents, Greek,
Cyrillic, CJK, emoji with ZWJ sequences, literal special tokens, leading/trailing whitespace. Deterministic."""
import random


def build(prose_lines, count=2000, seed=1234):
    rng = random.Random(seed)
    fixed = [
        "", " ", "  ", "\n", "\t", " \n ", "Hello world", " Hello world", "Hello world ", "  leading and trailing  ",
        "Hello\tworld", "tabs\t\tand\nnewlines\n\n", "line one\nline two\r\nline three", "a  b   c    d",
        "1234567890", "3.14159 2.71828", "Call 555-0199 or 1-800-FLOWERS.", "$1,000,000.00 and 99.9%", "2024-06-11T13:45:00Z",
        "def foo(bar):\n    return bar ** 2  # square\n", "for (int i = 0; i < n; i++) { sum += a[i]; }",
        "if x != None and y >= 3:\n\tprint(f\"{x=}\")", "<html><body class=\"x\">Hi</body></html>", "SELECT * FROM t WHERE id = 42;",
        "naïve café résumé façade coöperate", "Ærøskøbing Øresund Åland", "straße groß Fußgänger", "señor niño año",
        "Ελληνικά: Καλημέρα κόσμε", "Русский текст: Привет, мир!", "Українська мова", "日本語のテキストです。", "中文测试：你好，世界！",
        "한국어 텍스트", "ภาษาไทย", "עברית", "العربية", "हिन्दी", "😀", "👍🏽", "👨‍👩‍👧‍👦 family", "🏳️‍🌈 flag", "❤️‍🔥",
        "emoji 🚀🔥 mixed with text 🎉", "<s>", "</s>", "<unk>", "text <s> more text", "Hello</s>", "<s> <s>", "a<s>b",
        "\x00", "\x07bell", "control \x1b[31m red", "zero\u200bwidth", "non\u00a0breaking", "\ufeffbom", "ﬁ ligature",
        "ALL CAPS SENTENCE.", "MiXeD CaSe", "snake_case_name and camelCaseName", "https://example.com/path?q=1&r=2#frag",
        "user@example.com", "C:\\Windows\\System32", "~/.config/edgemmf/config.json", "....", "!!!???", "---", "***",
        "“smart quotes” and ‘single’", "em—dash and en–dash", "…", "°C ±5 µm × ÷ ≤ ≥ ≠", "∑ ∫ √ ∞ ∂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝕸𝖆𝖙𝖍",
    ]
    out = list(fixed)
    prose = [l for l in prose_lines if l.strip()]
    alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789 .,;:!?'\"()[]{}<>-_=+*/\\|@#$%^&~`\t\néèüöäßçñ–—…αβγδεжзийк中文日本語😀👍🏽"
    while len(out) < count:
        kind = rng.random()
        if kind < 0.45 and prose:
            line = rng.choice(prose)
            if rng.random() < 0.3:
                line = line[: rng.randint(1, max(1, len(line)))]
            out.append(line)
        elif kind < 0.75:
            n = rng.randint(1, 40)
            out.append("".join(rng.choice(alphabet) for _ in range(n)))
        elif kind < 0.85:
            out.append(" " * rng.randint(0, 4) + rng.choice(fixed) + " " * rng.randint(0, 4))
        elif kind < 0.95:
            out.append(str(rng.randint(0, 10 ** rng.randint(1, 12))) + rng.choice(["", " ", ".", ",", "%"]) + str(rng.randint(0, 999)))
        else:
            a, b = rng.choice(fixed), rng.choice(prose or fixed)
            out.append(a + rng.choice(["<s>", "</s>", " <s> ", "\n", ""]) + b)
    return out
