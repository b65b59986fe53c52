/*  training_kb_snippet: marks matches character by character (a code point array of the
    text, folded, beside the byte offsets of the original), then cuts a window.            */
#include "training_kb_snippet.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

//  The code point at *at (advanced past it); a byte that starts no valid sequence is taken alone.
static uint32_t
s_next (const unsigned char **at)
{
    const unsigned char *p = *at;
    uint32_t cp = p [0];
    int extra = cp >= 0xF0 && cp < 0xF8? 3: cp >= 0xE0? 2: cp >= 0xC0? 1: 0;
    if (cp >= 0x80 && cp < 0xC0)
        extra = 0;
    if (extra)
        cp &= 0x3F >> extra;
    int taken = 1;
    for (int i = 1; i <= extra; i++) {
        if ((p [i] & 0xC0) != 0x80)
            break;
        cp = (cp << 6) | (p [i] & 0x3F);
        taken++;
    }
    if (taken != extra + 1)
        cp = p [0], taken = 1;
    *at = p + taken;
    return cp;
}

//  As kb_terms folds: full-width ASCII to ASCII (NFKC), Latin capitals to lower case.
static uint32_t
s_fold (uint32_t cp)
{
    if (cp >= 0xFF01 && cp <= 0xFF5E)
        cp -= 0xFEE0;
    if (cp >= 'A' && cp <= 'Z')
        cp += 'a' - 'A';
    return cp;
}

static bool
s_word_char (uint32_t cp)
{
    return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9');
}

//  Decodes text into folded code points and, when offsets is not NULL, the byte offset of
//  each (one more at the end). Returns their count; the caller frees the arrays.
static size_t
s_decode (const char *text, uint32_t **cps, size_t **offsets)
{
    size_t bytes = strlen (text);
    *cps = malloc ((bytes + 1) * sizeof **cps);
    size_t *at_byte = offsets? malloc ((bytes + 1) * sizeof *at_byte): NULL;
    size_t n = 0;
    const unsigned char *at = (const unsigned char *) text;
    while (*at) {
        if (at_byte)
            at_byte [n] = (size_t) ((const char *) at - text);
        (*cps) [n++] = s_fold (s_next (&at));
    }
    if (at_byte) {
        at_byte [n] = bytes;
        *offsets = at_byte;
    }
    return n;
}

//  Marks in marks every character of text that a term matches.
static void
s_mark_term (const uint32_t *cps, size_t n, const char *term, bool *marks)
{
    uint32_t *tcps;
    size_t len = s_decode (term, &tcps, NULL);
    bool word = len > 0 && s_word_char (tcps [0]);
    for (size_t i = 0; len && i + len <= n; i++) {
        if (memcmp (cps + i, tcps, len * sizeof *tcps) != 0)
            continue;
        if (word && ((i > 0 && s_word_char (cps [i - 1])) || (i + len < n && s_word_char (cps [i + len]))))
            continue;
        for (size_t k = 0; k < len; k++)
            marks [i + k] = true;
    }
    free (tcps);
}

char *
training_kb_mark (const char *text, char *const *terms, size_t term_count, size_t window)
{
    uint32_t *cps;
    size_t *offsets;
    size_t n = s_decode (text, &cps, &offsets);
    bool *marks = calloc (n + 1, sizeof *marks);
    for (size_t t = 0; t < term_count; t++)
        s_mark_term (cps, n, terms [t], marks);

    size_t start = 0, end = n;
    if (window && n > window) {
        //  The window holding most marked characters, the earliest of equals; then moved so
        //  that its first match has some text before it.
        size_t inside = 0, best = 0, best_start = 0;
        for (size_t i = 0; i < window; i++)
            inside += marks [i];
        best = inside;
        for (size_t s = 1; s + window <= n; s++) {
            inside += marks [s + window - 1];
            inside -= marks [s - 1];
            if (inside > best)
                best = inside, best_start = s;
        }
        size_t first = best_start;
        while (first < best_start + window && !marks [first])
            first++;
        if (first == best_start + window)
            first = best_start;
        start = first > window / 4? first - window / 4: 0;
        end = start + window < n? start + window: n;
        if (end - start < window)
            start = end - window;
    }
    size_t size = offsets [end] - offsets [start] + (end - start) * 6 + 2 * sizeof TRAINING_KB_ELLIPSIS + 1;
    char *out = malloc (size);
    char *at = out;
    if (start > 0)
        at = stpcpy (at, TRAINING_KB_ELLIPSIS);
    for (size_t i = start; i < end; i++) {
        if (marks [i] && (i == start || !marks [i - 1]))
            at = stpcpy (at, TRAINING_KB_MARK_OPEN);
        memcpy (at, text + offsets [i], offsets [i + 1] - offsets [i]);
        at += offsets [i + 1] - offsets [i];
        if (marks [i] && (i + 1 == end || !marks [i + 1]))
            at = stpcpy (at, TRAINING_KB_MARK_CLOSE);
    }
    if (end < n)
        at = stpcpy (at, TRAINING_KB_ELLIPSIS);
    *at = '\0';
    free (marks);
    free (cps);
    free (offsets);
    return out;
}
