#!/usr/bin/env python3
"""The character n-gram TF-IDF baseline for `marsad eval similarity`.

Scores each pair of a SemEval-style pairs file (JSON Lines with title_1, text_1,
title_2, text_2, overall) by the cosine of character 3-5-gram TF-IDF vectors
(scikit-learn, fitted on all the file's texts, with the same Arabic folding as the
Python story peer) and prints the Pearson correlation with the negated human score,
as `pearson VALUE` and `pairs N`, like Marsad does.

Usage: .venv-peers/bin/python scripts/semeval_baseline.py PAIRS.jsonl
"""
import json
import re
import sys

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

DIAC = re.compile('[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]')


def fold(t):
    t = DIAC.sub('', t)
    t = re.sub('[إأآٱ]', 'ا', t).replace('ى', 'ي').replace('ة', 'ه')
    return t


def main():
    pairs = [json.loads(l) for l in open(sys.argv[1], encoding='utf-8') if l.strip()]
    a = [fold(p.get('title_1', '') + '\n' + p.get('text_1', '')) for p in pairs]
    b = [fold(p.get('title_2', '') + '\n' + p.get('text_2', '')) for p in pairs]
    vec = TfidfVectorizer(analyzer='char_wb', ngram_range=(3, 5))
    vec.fit(a + b)
    xa, xb = vec.transform(a), vec.transform(b)
    sims = np.asarray(xa.multiply(xb).sum(axis=1)).ravel()
    human = -np.array([float(p['overall']) for p in pairs])
    print(f'pearson {np.corrcoef(sims, human)[0, 1]:.4f}')
    print(f'pairs {len(pairs)}')


if __name__ == '__main__':
    main()
