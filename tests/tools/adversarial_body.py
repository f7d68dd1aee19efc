#!/usr/bin/env python3
"""adversarial_body.py - writes a crafted article body of a given size to stdout, for timing
`claimwire extract` on inputs that pass every input limit.

    tests/tools/adversarial_body.py KIND BYTES > body.txt

KIND: quotes (only '"'), quotes_balanced ('"w1 w2 ... w9." ' repeated), parens (only ')'),
nested ('(' * k + ')' * k), nopunct (lower-case words, no punctuation), said_that ("said that
w2 w3 w4 said that ...", no punctuation), verbs ("Smith said Jones told ..." thousands of
reporting verbs), according_to ("according to" repeated with words between), caps (capitalised
words), numbers (amounts, money, percentages), transcript ("NAME: ..." paragraphs), control
(control characters between words).
"""
import sys


def gen(kind, size):
    if kind == "quotes":
        return '"' * size
    if kind == "parens":
        return ")" * size
    if kind == "nested":
        return ("(" * (size // 2) + ")" * (size // 2)).ljust(size, "x")
    out, n = [], 0
    i = 0
    while n < size:
        if kind == "said_that":
            w = "said that w%d w%d w%d " % (i + 2, i + 3, i + 4)
        elif kind == "according_to":
            w = "according to w%d w%d w%d " % (i + 2, i + 3, i + 4)
        elif kind == "quotes_balanced":
            w = '"w%d w%d w%d w%d w%d w%d w%d w%d w%d." ' % tuple(range(i, i + 9))
        elif kind == "nopunct":
            w = "w%d and w%d " % (i, i + 1)
        elif kind == "verbs":
            w = "Smith%d said Jones%d told Lee%d claimed " % (i, i + 1, i + 2)
        elif kind == "caps":
            w = "Wang%d Minister%d Beijing%d " % (i, i + 1, i + 2)
        elif kind == "numbers":
            w = "$%d.5 million %d%% %d,000 euros " % (i, i % 100, i)
        elif kind == "transcript":
            w = "SMITH: w%d said w%d that w%d\n\nJONES: w%d\n\n" % (i, i + 1, i + 2, i + 3)
        elif kind == "control":
            w = "w%d\x01\x02\x1b said\x7f w%d\x0b " % (i, i + 1)
        else:
            raise SystemExit("unknown kind " + kind)
        out.append(w)
        n += len(w)
        i += 4
    return "".join(out)[:size]


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.stdout.write(gen(sys.argv[1], int(sys.argv[2])))
