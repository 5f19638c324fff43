"""What readers type into the search box, and the term page that must come back.

Each row: (language of the site, query, expected term slug, rank it must reach). Rank 1 for
a term's name, alias or abbreviation in any letter case and for the other language's name;
top 3 for one-letter typos and prefixes. ``registry_queries`` adds every name and alias of
every term in the registry at rank 1, so a new term is covered as it lands.
``run_queries`` asks the site's own search worker in a real browser page, exactly as the
search box does (same worker, same index, same messages), so the whole table takes a
second or two instead of minutes of typing.
"""

from __future__ import annotations

QUERIES: list[tuple[str, str, str, int]] = [
    # Chinese site: Chinese names and aliases
    ("zh", "激活函数", "activation-function", 1),
    ("zh", "非极大值抑制", "nms", 1),
    ("zh", "知识蒸馏", "knowledge-distillation", 1),
    ("zh", "交并比", "iou", 1),
    ("zh", "锚框", "prior-box", 1),
    ("zh", "先验框", "prior-box", 1),
    ("zh", "批归一化", "batch-normalization", 1),
    ("zh", "梯度消失", "vanishing-gradient", 1),
    ("zh", "冻结", "freezing", 1),
    ("zh", "软标签", "soft-label", 1),
    ("zh", "学习率预热", "learning-rate-warmup", 1),
    ("zh", "卷积核", "convolution-filter", 1),
    # Chinese site: abbreviations and Latin names, any case
    ("zh", "NMS", "nms", 1),
    ("zh", "nms", "nms", 1),
    ("zh", "KD", "knowledge-distillation", 1),
    ("zh", "IoU", "iou", 1),
    ("zh", "BN", "batch-normalization", 1),
    ("zh", "GELU", "gelu", 1),
    ("zh", "gelu", "gelu", 1),
    ("zh", "Swish", "silu", 1),
    ("zh", "relu", "relu", 1),
    ("zh", "warmup", "learning-rate-warmup", 1),
    # Chinese site: the English name, a part of a name, a typo
    ("zh", "Batch normalization", "batch-normalization", 1),
    ("zh", "knowledge distillation", "knowledge-distillation", 1),
    ("zh", "蒸馏", "knowledge-distillation", 3),
    ("zh", "gleu", "gelu", 3),
    # English site: names and aliases, any case
    ("en", "activation function", "activation-function", 1),
    ("en", "knowledge distillation", "knowledge-distillation", 1),
    ("en", "non-maximum suppression", "nms", 1),
    ("en", "suppression", "nms", 1),
    ("en", "NMS", "nms", 1),
    ("en", "nms", "nms", 1),
    ("en", "batchnorm", "batch-normalization", 1),
    ("en", "batch norm", "batch-normalization", 1),
    ("en", "BN", "batch-normalization", 1),
    ("en", "vanishing", "vanishing-gradient", 1),
    ("en", "vanishing gradients", "vanishing-gradient", 1),
    ("en", "ReLU", "relu", 1),
    ("en", "relu", "relu", 1),
    ("en", "Leaky ReLU", "leaky-relu", 1),
    ("en", "Swish", "silu", 1),
    ("en", "KD", "knowledge-distillation", 1),
    ("en", "IoU", "iou", 1),
    ("en", "anchor box", "prior-box", 1),
    ("en", "tanh", "tanh", 1),
    ("en", "embedding", "embedding", 1),
    ("en", "temperature", "softmax-temperature", 1),
    # English site: the Chinese name
    ("en", "激活函数", "activation-function", 1),
    ("en", "批归一化", "batch-normalization", 1),
    ("en", "非极大值抑制", "nms", 1),
    # English site: one-letter typos and prefixes
    ("en", "gleu", "gelu", 3),
    ("en", "rleu", "relu", 3),
    ("en", "sigmiod", "sigmoid", 3),
    ("en", "distil", "knowledge-distillation", 3),
    ("en", "anch", "prior-box", 3),
    ("en", "warmpu", "learning-rate-warmup", 3),
]


def registry_queries(registry) -> list[tuple[str, str, str, int]]:
    """Every name and alias of every term, typed on a site: the term comes first.

    A term's two names are typed on both sites; each alias on one site, alternately (the
    worker and the index treat both sites alike, and the table stays quick to run).
    """
    rows = []
    for slug, term in sorted(registry.terms.items()):
        names = {term.names["zh"], term.names["en"]}
        for i, form in enumerate(term.surface_forms()):
            sites = ("zh", "en") if form in names else (("zh", "en")[i % 2],)
            rows += [(lang, form, slug, 1) for lang in sites]
    return rows


# The search box's path, minus the typing: fetch the page's index (config.base), start
# the worker the theme's config names, send SETUP then one QUERY per query, and return
# for each the article locations of the result groups, best first.
RUN_QUERIES = """async (queries) => {
    const config = JSON.parse(document.getElementById("__config").textContent);
    const base = new URL(config.base, location.href);
    const index = await (await fetch(new URL("search/search_index.json", base))).json();
    const worker = new Worker(new URL(config.search, location.href));
    const ask = message => new Promise((resolve, reject) => {
        worker.onmessage = event => resolve(event.data);
        worker.onerror = event => reject(new Error(event.message));
        worker.postMessage(message);
    });
    await ask({type: 0, data: {config: index.config, docs: index.docs, options: {suggest: true}}});
    const answers = [];
    for (const query of queries) {
        const result = await ask({type: 2, data: query});
        answers.push(result.data.items.map(group => group[0].location.split("#")[0]));
    }
    worker.terminate();
    return answers;
}"""


def run_queries(page, site_url: str, lang: str, queries: list[str]) -> list[list[str]]:
    """Result pages (locations relative to the language root) for each query, best first."""
    page.goto(site_url if lang == "zh" else f"{site_url}{lang}/")
    return page.evaluate(RUN_QUERIES, queries)


# The same worker, left to fetch the sections after its first READY: ask for ``word`` until
# a section answers (or five seconds pass); return the locations of the answer.
AWAIT_SECTIONS = """async (word) => {
    const config = JSON.parse(document.getElementById("__config").textContent);
    const base = new URL(config.base, location.href);
    const index = await (await fetch(new URL("search/search_index.json", base))).json();
    const worker = new Worker(new URL(config.search, location.href));
    let answer = null;
    worker.onmessage = event => { answer = event.data; };
    worker.postMessage({type: 0, data: {config: index.config, docs: index.docs, options: {}}});
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline) {
        answer = null;
        worker.postMessage({type: 2, data: word});
        while (answer === null || answer.type !== 3) await new Promise(r => setTimeout(r, 20));
        const found = answer.data.items.flat().map(item => item.location);
        if (found.some(loc => loc.includes("#"))) { worker.terminate(); return found; }
    }
    worker.terminate();
    return [];
}"""
