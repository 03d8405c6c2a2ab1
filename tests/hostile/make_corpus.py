"""Make the hostile-input corpus in tests/hostile/sources/ (run once; the files are committed).

Each file is one case; tests/test_hostile.py states what each must give. A source that must fail
is an error case instead (tests/cases/errors/, with the line it must give): the two binary files
here are referred to by theirs. The 50 MB file is made at test time (too big to commit).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent
SOURCES = HERE / "sources"
REAL = HERE.parent.parent / "source_plans" / "001_44c49a5d30db9843.txt"

HEADER = (
    "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t4. Response Action Taken/Planned\t"
    "5. Responsible Owner\t6. Target Date"
)
HEADINGS = (
    "Action Plan Submitted: 3 March 2021\n\n"
    "A Response to the HMI Probation Inspection: {name}\n\nReport Published: 1 February 2021\n\n"
    "ACTION PLAN: {short}\n\n"
)

PAYLOADS = [
    "<script>alert('cell')</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(2)">click</a>',
    "<iframe src=//evil.example></iframe>",
    '<p style="position:fixed" onmouseover="alert(3)">styled</p>',
    "[link](javascript:alert(4)) ![img](data:text/html;base64,PHNjcmlwdD4=)",
    "<div>raw html block</div>",
    '!!! warning "admonition"',
    "??? note",
    '--8<-- "/etc/passwd"',
    "{: onclick=alert(5) }",
    "{{ config.site_name }} {% include 'x' %}",
    "---",
    "key: value # comment",
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
]


def plan(name: str, short: str, rows: list[str]) -> str:
    return HEADINGS.format(name=name, short=short) + HEADER + "\n" + "\n".join(rows) + "\n"


def main() -> None:
    SOURCES.mkdir(exist_ok=True)
    cases: dict[str, bytes] = {}
    cases["binary-junk.txt"] = bytes(range(256)) * 8
    cases["binary-junk.pdf"] = b"\x00\x01garbage not a pdf" * 50
    cases["missing-column.txt"] = (
        HEADINGS.format(name="Missing Community Rehabilitation Company", short="M CRC")
        + "1. Rec No\t2. Recommendation\t3. Agreed/ Partly Agreed/ Not Agreed\t4. Response Action Taken/Planned\t"
        "5. Responsible Owner\n1\tDo it\tAgreed\tWe will\tDirector\n"
    ).encode()
    cases["bad-status.txt"] = plan(
        "Status Community Rehabilitation Company",
        "S CRC",
        [
            "1\tImprove training\tMaybe later\tWe will train staff.\tDirector\tMay 2021",
            "2\tImprove audits\tAgreed\tWe will audit.\tDirector\tJune 2021",
        ],
    ).encode()
    cases["bad-dates.txt"] = (
        plan(
            "Dates Community Rehabilitation Company",
            "D CRC",
            [
                "1\tImprove training\tAgreed\tWe will train staff.\tDirector\tWay 2013",
                "2\tImprove audits\tAgreed\tWe will audit.\tDirector\t31/02/2021",
            ],
        )
        .replace("3 March 2021", "sometime soon")
        .encode()
    )
    real = REAL.read_text(encoding="utf-8")
    cases["duplicate-of-001.txt"] = real.encode()
    cases["same-provider-and-month.txt"] = real.replace(
        "Take urgent action to ensure that information", "Take action to ensure that information"
    ).encode()
    cases["cp1252.txt"] = plan(
        "Caf\u00e9 Community Rehabilitation Company",
        "C CRC",
        [
            "1\tImprove the \u2018caf\u00e9\u2019 service \u2013 now\tAgreed\tWe will \u201cact\u201d.\tDirector\tMay 2021"
        ],
    ).encode("cp1252")
    cases["utf16-bom.txt"] = plan(
        "Sixteen Community Rehabilitation Company",
        "S16 CRC",
        ["1\tImprove recording\tAgreed\tWe will record.\tDirector\tMay 2021"],
    ).encode("utf-16")
    cases["unicode-oddities.txt"] = plan(
        "Odd\u00a0Characters Community Rehabilitation Company",
        "O\u200bC CRC",
        [
            "1\tImprove sta\ufb00 \ufb01les\u200b and \u202eworkloads\u202c\tAgreed\u00a0\tWe will\u00a0act\u200d.\t"
            "Director\u200f\tMay\u00a02021"
        ],
    ).encode()
    rows = [f"{n}\tRecommendation {n}: {p}\tAgreed\t{p}\t{p}\tMay 2021" for n, p in enumerate(PAYLOADS, 1)]
    rows.append(f"{len(PAYLOADS) + 1}\t{'A very long recommendation. ' * 300}\tAgreed\tAct.\tDirector\tMay 2021")
    name = "<b>Hostile</b> {{x}}: #1 --- [x](javascript:alert(6)) Community Rehabilitation Company"
    cases["hostile-cells.txt"] = plan(name, "H<i>CRC</i> {: onclick=alert(7) }", rows).encode()
    cases["entity-script-provider.txt"] = plan(
        "&lt;script&gt;alert(8)&lt;/script&gt; Entity Community Rehabilitation Company",
        "&lt;img src=x onerror=alert(9)&gt; CRC",
        ["1\tImprove &lt;b&gt;things&lt;/b&gt;\tAgreed\tWe will &amp; can.\tDirector\tMay 2021"],
    ).encode()
    cases["partial-tag-provider.txt"] = plan(
        "Partial <img src=x onerror=alert(10)// Community Rehabilitation Company",
        "P CRC",
        ["1\tImprove things\tAgreed\tWe will act.\tDirector\tMay 2021"],
    ).encode()
    for name, data in cases.items():
        (SOURCES / name).write_bytes(data)


if __name__ == "__main__":
    main()
