"""Set translations in a gettext catalogue: ``po_set.py FILE`` reads ``msgid\\tmsgstr`` lines
on standard input, writes each msgstr and clears the entry's fuzzy flag."""

from __future__ import annotations

import re
import sys


def unquote_block(lines: list[str]) -> str:
    return "".join(re.match(r'^(?:msgid |msgstr )?"(.*)"$', line).group(1) for line in lines)


def main(path: str) -> int:
    wanted = {}
    for raw in sys.stdin.read().splitlines():
        if raw.strip():
            msgid, msgstr = raw.split("\t", 1)
            wanted[msgid] = msgstr
    with open(path, encoding="utf-8") as handle:
        entries = handle.read().split("\n\n")
    out = []
    for entry in entries:
        lines = entry.split("\n")
        id_start = next((i for i, line in enumerate(lines) if line.startswith("msgid ")), None)
        str_start = next(
            (i for i, line in enumerate(lines) if line.startswith(("msgstr", "msgid_plural"))),
            None,
        )
        if id_start is not None and str_start is not None:
            msgid = unquote_block(lines[id_start:str_start])
            plural = any(line.startswith("msgid_plural") for line in lines)
            if msgid in wanted and not plural:
                value = wanted.pop(msgid).replace('"', '\\"')
                head = [
                    line.replace(", fuzzy", "").replace("#, fuzzy", "")
                    for line in lines[:id_start]
                    if not line.startswith("#|")
                ]
                head = [line for line in head if line not in ("#,", "")]
                lines = [*head, *lines[id_start:str_start], f'msgstr "{value}"']
        out.append("\n".join(lines))
    with open(path, "w", encoding="utf-8") as handle:
        handle.write("\n\n".join(out))
    for msgid in wanted:
        print(f"not found: {msgid}", file=sys.stderr)
    return 1 if wanted else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
