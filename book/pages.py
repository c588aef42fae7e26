"""The book's generated pages: the claims map (from ``book/claims.yaml``), the data page (from
``data/``) and the execution facts (from the executed notebooks and this checkout, at build time).

Text that a reader reads goes through gettext like every page; facts that change from run to run
(versions, commit, seconds) are written as raw HTML tables, which gettext leaves alone, with the few
column labels in the edition's language."""

from __future__ import annotations

import html
import json
import platform
import re
import shutil
import subprocess
from datetime import datetime, timezone
from importlib.metadata import version
from pathlib import Path

import nbformat
import yaml
from clustermodels.lockfile import lock_hash

from staging import edition_paths, notebook_stems

STATUSES = ("reproduced", "calibrated to match", "tie-break", "our reading", "computed, not comparable",
            "not reproducible")
BY_CONSTRUCTION = ("calibrated to match", "tie-break")  # agreement with a printed value that is no test


def results_of(root: Path, stem: str) -> dict:
    """The committed ``figures/<notebook>/results.json`` (English edition)."""
    return json.loads((root / "figures" / stem / "results.json").read_text(encoding="utf-8"))


def _lookup(results: dict, key) -> float:
    value = results
    for part in ([key] if isinstance(key, str) else key):
        value = value[part]
    return float(value)


def compare(item: dict, results: dict) -> dict:
    """One printed value of the paper against ours: ``item`` holds ``key`` (the path into
    results.json, a list of keys), ``paper`` (the value as the paper prints it, a string, so its
    decimals are its precision) and optionally ``scale`` (ours times scale is in the paper's unit).
    Ours matches when it rounds to the printed value: within half a unit of the last printed digit."""
    printed = str(item["paper"])
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    ours = _lookup(results, item["key"]) * float(item.get("scale", 1))
    half = 0.5 * 10.0 ** -decimals
    return {"paper": printed, "ours": ours, "decimals": decimals,
            "matches": abs(ours - float(printed)) <= half * (1 + 1e-9)}


def claim_problems(claim: dict, results: dict) -> list[str]:
    """What breaks the map's rule in one claim (empty when it follows it). The rule: a claim is
    *reproduced* exactly when it names printed values of the paper (``compare``) and ours match
    each to the paper's printed precision; a matching claim whose agreement is built in is
    *calibrated to match* or a *tie-break*; a claim without printed values to compare is one of
    *our reading*, *computed, not comparable* or *not reproducible*."""
    status, items = claim["status"], claim.get("compare") or []
    name = claim["claim"][:60]
    if status not in STATUSES:
        return [f"{name}: unknown status {status!r}; allowed {STATUSES}"]
    problems = []
    checked = []
    for item in items:
        try:
            checked.append(compare(item, results))
        except (KeyError, TypeError, ValueError) as err:
            problems.append(f"{name}: results.json has no number at {item.get('key')!r} ({err})")
    if problems:
        return problems
    for c in checked:
        if not c["matches"]:
            problems.append(f"{name}: ours {c['ours']:.{c['decimals'] + 2}f} does not round to the paper's {c['paper']}")
    if status == "reproduced" and not items:
        problems.append(f"{name}: 'reproduced' needs the paper's printed values and the results.json keys (compare)")
    if items and status not in ("reproduced", *BY_CONSTRUCTION):
        problems.append(f"{name}: it compares printed values, so its status is 'reproduced' or one of {BY_CONSTRUCTION}, "
                        f"not {status!r}")
    return problems


def check_claims(root: Path, data: dict) -> list[str]:
    problems = []
    for paper in data["papers"]:
        results = results_of(root, paper["notebook"])
        problems += [f"{paper['notebook']}: {p}" for c in paper["claims"] for p in claim_problems(c, results)]
    return problems


def counts(paper: dict) -> dict[str, int]:
    """How many claims of a paper have each status (every status, zeros included)."""
    return {status: sum(c["status"] == status for c in paper["claims"]) for status in STATUSES}


def claims_summary(data: dict, stem: str | None = None) -> str:
    """The map in numbers, as a Markdown table: one paper's (for its page) or every paper's (for the
    landing page)."""
    papers = [p for p in data["papers"] if stem is None or p["notebook"] == stem]
    if stem is not None:
        rows = [f"| {status} | {n} |" for status, n in counts(papers[0]).items()]
        return "\n".join(["| status | claims |", "|---|---|", *rows])
    head = "| status | " + " | ".join(f"{{doc}}`{p['notebook'][:2]} <papers/{p['notebook']}>`" for p in papers) + " |"
    rows = [f"| {status} | " + " | ".join(str(counts(p)[status]) for p in papers) + " |" for status in STATUSES]
    return "\n".join([head, "|---|" + "---|" * len(papers), *rows])


LABELS = {
    "en": {"notebook": "notebook", "edition": "edition", "editions": {"en": "English", "zh": "Chinese"},
           "packages": "Python and packages it ran with",
           "made_at": "commit the outputs were made at",
           "seconds": "seconds to execute",
           "source_note": "Read from each executed notebook: the output of its <em>Ran with</em> section "
                          "(<code>provenance.report()</code>, found by its content, not by its position), whose "
                          "<code>requirements.lock sha256</code> line names the exact environment (the lock's hash); "
                          "the seconds from the record <code>clustermodels reproduce</code> keeps in the notebook "
                          "(<code>metadata.clustermodels.execution.seconds</code>: wall time from starting the "
                          "kernel to the last cell, on the machine that executed it, two notebooks at once by default; "
                          "in one reproduction a Chinese edition reads the model results its English edition computed "
                          "in that run, from the same functions with the same inputs "
                          "(<code>clustermodels.sharedresults</code>), so it takes fewer seconds; "
                          "a rough guide, not a benchmark).",
           "unknown": "not recorded",
           "unknown_note": " Where it says <em>not recorded</em>: the notebook was executed before "
                           "<code>clustermodels reproduce</code> kept its seconds.",
           "lock": "lock of this checkout",
           "missing": "no <em>Ran with</em> output found",
           "same": "The book was built at commit <code>{book}</code>, the commit every output was made at.",
           "differs": "The book was built at commit <code>{book}</code>; the outputs were made at {made}. ",
           "unchanged": "No file a notebook runs differs between them (only executed notebooks, figures, the "
                        "book's sources, tests or README.md do), so the outputs are those of the code at "
                        "<code>{book}</code>.",
           "changed": "Files a notebook runs changed between them ({files}): the outputs may differ from what "
                      "the code at <code>{book}</code> gives until <code>clustermodels reproduce</code> is run again.",
           "built": "built", "commit": "commit", "dirty": " (with uncommitted changes)",
           "sphinx": "Sphinx", "myst_nb": "MyST-NB", "theme": "Sphinx Book Theme", "build_python": "Python"},
    "zh": {"notebook": "笔记本", "edition": "版本", "editions": {"en": "英文版", "zh": "中文版"},
           "packages": "执行时的 Python 与软件包版本",
           "made_at": "生成输出时的提交",
           "seconds": "执行秒数",
           "source_note": "取自每个已执行笔记本：其 <em>Ran with</em> 一节的输出（<code>provenance.report()</code>，"
                          "按内容而非位置查找），其中 <code>requirements.lock sha256</code> 一行指明确切的运行环境（锁定文件的哈希值）；"
                          "秒数取自 <code>clustermodels reproduce</code> 记在笔记本中的记录"
                          "（<code>metadata.clustermodels.execution.seconds</code>：在执行它的机器上从启动内核到最后一个单元格的实际耗时，"
                          "默认同时执行两个笔记本；同一次复现中，中文版读取英文版在该次运行中已算出的模型结果"
                          "（相同的函数、相同的输入：<code>clustermodels.sharedresults</code>），因此耗时较短；"
                          "仅供粗略参考，并非基准测试）。",
           "unknown": "没有记录",
           "unknown_note": "标为<em>没有记录</em>的原因：该笔记本执行于 <code>clustermodels reproduce</code> 开始记录秒数之前。",
           "lock": "本检出的锁定文件",
           "missing": "未找到 <em>Ran with</em> 一节的输出",
           "same": "本书构建于提交 <code>{book}</code>，即生成全部输出时的提交。",
           "differs": "本书构建于提交 <code>{book}</code>；输出生成于 {made}。",
           "unchanged": "两者之间笔记本运行的文件没有任何不同（不同的只有已执行的笔记本、图表、本书的源文件、测试或 README.md），"
                        "因此这些输出就是 <code>{book}</code> 处代码的输出。",
           "changed": "两者之间笔记本运行的文件有变化（{files}）：在重新运行 <code>clustermodels reproduce</code> 之前，"
                      "输出可能与 <code>{book}</code> 处代码的结果不同。",
           "built": "构建时间", "commit": "提交", "dirty": "（含未提交的修改）",
           "sphinx": "Sphinx", "myst_nb": "MyST-NB", "theme": "Sphinx Book Theme", "build_python": "Python"},
}


RAN_WITH = re.compile(r"^python \d[^\n]*\n(?:.*\n)*?git commit [^\n]+$", re.MULTILINE)


def ran_with(nb) -> dict | None:
    """What an executed notebook says it ran with: the output of ``provenance.report()`` (the
    lines from ``python X.Y.Z`` to ``git commit ...``), found by its content in any code cell, so
    that a cell added after the *Ran with* section does not hide it. ``None`` when there is none."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", []) if o.get("output_type") == "stream")
        match = RAN_WITH.search(text)
        if match:
            lines = match.group(0).splitlines()
            return {"packages": "\n".join(lines[:-1]), "commit": lines[-1].removeprefix("git commit ").strip()}
    return None


def notebook_seconds(nb) -> float | None:
    """How long the edition took to execute: ``clustermodels reproduce``'s record in the notebook
    (``metadata.clustermodels.execution.seconds``), else papermill's, when the notebook keeps one."""
    for duration in (nb.metadata.get("clustermodels", {}).get("execution", {}).get("seconds"),
                     nb.metadata.get("papermill", {}).get("duration")):
        if isinstance(duration, (int, float)) and not isinstance(duration, bool):
            return float(duration)
    return None


def _cell(text: str) -> str:
    return " ".join(str(text).split()).replace("|", "\\|")


def write_claims(root: Path, source: Path, target: Path) -> None:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    problems = check_claims(root, data)
    if problems:
        raise ValueError("claims.yaml breaks its rule:\n" + "\n".join(problems))
    lines = [f"# {data['title']}", "", data["intro"].strip(), ""]
    for status in STATUSES:
        lines.append(f"* **{status}**: {_cell(data['statuses'][status])}")
    lines += ["", data["summary"].strip(), "", claims_summary(data), ""]
    for paper in data["papers"]:
        stem = paper["notebook"]
        results = results_of(root, stem)
        lines += [f"## {paper['title']}", "", f"Notebook: {{doc}}`papers/{stem}`.", "",
                  "| claim in the paper | reproduced in | status | paper vs ours | why |", "|---|---|---|---|---|"]
        for claim in paper["claims"]:
            where = claim["where"]
            where = f"{{numref}}`{stem[:2]}-{where}`" if where.startswith("fig") else _cell(where)
            values = []
            for item in claim.get("compare") or []:
                c = compare(item, results)
                key = " › ".join([item["key"]] if isinstance(item["key"], str) else item["key"])
                values.append(f"{c['paper']} vs {c['ours']:.{c['decimals'] + 2}f} (`{key}`)")
            lines.append(f"| {_cell(claim['claim'])} | {where} | {claim['status']} | "
                         f"{'; '.join(values) or '—'} | {_cell(claim['why'])} |")
        lines.append("")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_index(source: Path, target: Path, claims: Path) -> None:
    """The landing page with the claims map's numbers in place of its marker."""
    data = yaml.safe_load(claims.read_text(encoding="utf-8"))
    text = source.read_text(encoding="utf-8")
    marker = "<!-- claims summary -->"
    if marker not in text:
        raise ValueError(f"{source.name} has no {marker!r}")
    target.write_text(text.replace(marker, claims_summary(data)), encoding="utf-8")


def write_data(root: Path, target: Path, files_dir: Path) -> None:
    """data/README.md as the page, then every input file of every folder, downloadable."""
    text = (root / "data" / "README.md").read_text(encoding="utf-8")
    lines = [text.rstrip(), "", "## Every input file", "",
             "Each folder's `README.md` (in English) gives every file's source, unit and licence.", ""]
    shutil.rmtree(files_dir, ignore_errors=True)
    for folder in sorted(p for p in (root / "data").iterdir() if p.is_dir()):
        lines += [f"### `{folder.name}/`", ""]
        (files_dir / folder.name).mkdir(parents=True)
        for path in sorted(p for p in folder.iterdir() if p.is_file()):
            shutil.copy(path, files_dir / folder.name / path.name)
            lines.append(f"* {{download}}`{path.name} <data/{folder.name}/{path.name}>`")
        lines.append("")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _git(root: Path, *args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


# the book catalogues a zh run reads: run-time text, and the markdown translated at reproduce
RUN_CATALOGUES = ("book/locales/zh_CN/LC_MESSAGES/runtime/", "book/locales/zh_CN/LC_MESSAGES/papers/")


def _runs_changed_since(root: Path, commit: str) -> list[str] | None:
    """Files a notebook runs (everything but the executed notebooks, their figures, the tests and
    the book, though the book's catalogues the zh editions read count) that differ between
    ``commit`` and the checkout; ``None`` when git cannot tell."""
    if not re.fullmatch(r"[0-9a-f]{7,40}", commit):
        return None
    try:
        out = subprocess.run(["git", "diff", "--name-only", commit, "--", ".", ":(exclude)notebooks/*.ipynb",
                              ":(exclude)notebooks/zh/*.ipynb", ":(exclude)figures", ":(exclude)tests",
                              ":(exclude)README.md"],
                             cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    return [path for path in out.split() if not path.startswith("book/") or path.startswith(RUN_CATALOGUES)]


def execution_rows(root: Path) -> list[dict]:
    """One row per notebook and edition: what it ran with, the commit and the seconds, all read
    from the committed executed notebook."""
    rows = []
    for stem in notebook_stems(root):
        for edition in ("en", "zh"):
            nb = nbformat.read(edition_paths(root, stem, edition)[0], as_version=4)
            facts = ran_with(nb) or {}
            seconds = notebook_seconds(nb)
            rows.append({"stem": stem, "edition": edition, "packages": facts.get("packages", ""),
                         "commit": facts.get("commit", ""), "seconds": seconds})
    return rows


def write_execution(root: Path, edition: str, target: Path) -> None:
    labels = LABELS[edition]
    facts = execution_rows(root)
    rows = []
    for row in facts:
        took = f"{row['seconds']:.1f}" if row["seconds"] is not None else labels["unknown"]
        numeric = ' class="numeric"' if row["seconds"] is not None else ""
        packages = (f"<pre lang=\"en\">{html.escape(row['packages'])}</pre>" if row["packages"]
                    else labels["missing"])
        rows.append(f"<tr><td><code>{html.escape(row['stem'])}</code></td><td>{labels['editions'][row['edition']]}</td>"
                    f"<td><code>{html.escape(row['commit'])}</code></td><td{numeric}>{took}</td>"
                    f"<td>{packages}</td></tr>")
    dirty = _git(root, "status", "--porcelain", "--untracked-files=no")
    book = (_git(root, "rev-parse", "--short=12", "HEAD") or "unknown") + (labels["dirty"] if dirty else "")
    made = sorted({r["commit"] for r in facts if r["commit"]})
    if made == [book] and not dirty:
        commit_note = labels["same"].format(book=book)
    else:
        commit_note = labels["differs"].format(book=html.escape(book), made="、".join(
            f"<code>{html.escape(m)}</code>" for m in made) if edition == "zh" else ", ".join(
            f"<code>{html.escape(m)}</code>" for m in made))
        changed = [_runs_changed_since(root, m.split()[0]) for m in made]  # against the working tree
        if changed and all(c is not None for c in changed):
            files = sorted({f for c in changed for f in c})
            commit_note += (labels["changed"].format(files=html.escape(", ".join(files[:8]) + (" …" if len(files) > 8 else "")),
                                                     book=html.escape(book)) if files else labels["unchanged"].format(book=html.escape(book)))
    build_commit = book
    build = [(labels["built"], datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
             (labels["commit"], build_commit), (labels["lock"], f"requirements.lock sha256 {lock_hash(root)}"),
             (labels["build_python"], platform.python_version()),
             (labels["sphinx"], version("sphinx")), (labels["myst_nb"], version("myst-nb")),
             (labels["theme"], version("sphinx-book-theme"))]
    unknown_note = labels["unknown_note"] if any(r["seconds"] is None for r in facts) else ""
    text = f"""# Execution facts

Generated when this book was built, from the executed notebooks it shows and from the checkout
it was built from. Nothing on this page is written by hand.

## How each notebook was executed

The book shows the notebooks as `clustermodels reproduce` executed them; the test suite
re-executes them with nbval and compares every checked output.

<p class="execution-commit">{commit_note}</p>

<table class="execution-facts">
<thead><tr><th>{labels['notebook']}</th><th>{labels['edition']}</th><th>{labels['made_at']}</th>
<th>{labels['seconds']}</th><th>{labels['packages']}</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p class="execution-note">{labels['source_note']}{unknown_note}</p>

## How this book was built

<table class="execution-facts">
<tbody>
{chr(10).join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in build)}
</tbody>
</table>
"""
    target.write_text(text, encoding="utf-8")


def load_glossary(source: Path) -> dict:
    """``book/glossary.yaml``: the papers' terms (``terms``) and the book's own (``book_terms``)."""
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    ids = [t["id"] for t in glossary_terms(data)]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise ValueError(f"{source.name}: term ids used twice: {duplicates}")
    for term in glossary_terms(data):
        unknown = [p for p in term["papers"] if p not in data["paper_pages"]]
        if unknown or not term["papers"]:
            raise ValueError(f"{source.name}: {term['id']}: papers {term['papers']} not in paper_pages")
    return data


def glossary_terms(data: dict) -> list[dict]:
    return [*data["terms"], *data.get("book_terms", [])]


def glossary_words(data: dict) -> list[str]:
    """The Chinese terms, one per line, for the Chinese search's splitter (jieba's user dictionary)."""
    return sorted({t["zh"] for t in glossary_terms(data)})


def _glossary_rows(data: dict, terms: list[dict], edition: str) -> list[str]:
    columns = data["columns"]
    rows = []
    for term in terms:
        papers = ", ".join(f"{{doc}}`{columns['paper'][edition].format(n=n)} <{data['paper_pages'][n]}>`"
                           for n in term["papers"])
        notes = []
        if term.get("printed"):
            notes.append(columns["printed"][edition].format(word=term["printed"]))
        if term.get("avoid"):
            notes.append(columns["avoid"][edition].format(words="、".join(f"“{w}”" for w in term["avoid"]) if edition == "zh"
                                                           else ", ".join(term["avoid"])))
        if term.get("note"):
            notes.append(term["note"][edition])
        note = ("；" if edition == "zh" else "; ").join(notes) or "—"
        first, second = (term["en"], term["zh"]) if edition == "en" else (term["zh"], term["en"])
        other = "zh-CN" if edition == "en" else "en"  # the second column is in the other language (for screen readers)
        rows.append(f"| {_cell(first)} | <span lang=\"{other}\">{html.escape(_cell(second))}</span> | {papers} | {_cell(note)} |")
    return rows


def write_glossary(source: Path, edition: str, target: Path) -> None:
    """The glossary page in the edition's language. It is written in both languages from the one
    file, so it has no gettext catalogue (``build.extract`` drops its template)."""
    data = load_glossary(source)
    columns = data["columns"]
    head = columns[edition]
    book_head = list(head)
    book_head[1 if edition == "en" else 0] = columns["book_en" if edition == "en" else "book_zh"]
    lines = [f"# {data['title'][edition]}", "", data["intro"][edition].strip(), "",
             f"## {data['headings']['paper_terms'][edition]}", "",
             ":::{container} glossary-table", "", "| " + " | ".join(head) + " |", "|---|---|---|---|",
             *_glossary_rows(data, data["terms"], edition), "", ":::", ""]
    if data.get("book_terms"):
        lines += [f"## {data['headings']['book_terms'][edition]}", "",
                  data["headings"]["book_terms_intro"][edition].strip(), "",
                  ":::{container} glossary-table", "", "| " + " | ".join(book_head) + " |", "|---|---|---|---|",
                  *_glossary_rows(data, data["book_terms"], edition), "", ":::", ""]
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
