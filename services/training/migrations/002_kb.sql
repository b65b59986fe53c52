-- The knowledge base (README_kb.md): articles, every version of them, the posts they concern,
-- and the search index: a posting per (article, term) of the current version, terms being the
-- bigrams of Chinese text and the words of English (kb_terms), with the BM25 weight of the
-- term in the article, and each term's document frequency beside the corpus' size.
-- pg_trgm is not used: the daemon's role may not CREATE EXTENSION (it has no CREATE on the
-- database), and trigrams miss the two-character words most Chinese queries are made of.

CREATE TABLE kb_article (
    id            bigserial PRIMARY KEY,
    version       int NOT NULL CHECK (version >= 1),
    category      smallint NOT NULL CHECK (category BETWEEN 1 AND 10),  -- training.ArticleCategory
    title         text NOT NULL,
    body          text NOT NULL,
    tags          text[] NOT NULL DEFAULT '{}',
    post_codes    text[] NOT NULL DEFAULT '{}',
    hazards       text[] NOT NULL DEFAULT '{}',
    lessons       text[] NOT NULL DEFAULT '{}',
    owner_unit    text NOT NULL,
    plant_code    text NOT NULL DEFAULT '',      -- the owner unit's plant; '' in no plant
    source        text NOT NULL DEFAULT '',      -- the inspection event it came from, '' typed in
    note          text NOT NULL DEFAULT '',
    edited_by     text NOT NULL,
    edited_ms     bigint NOT NULL,
    created_by    text NOT NULL,
    created_ms    bigint NOT NULL,
    dl            int NOT NULL DEFAULT 0,        -- indexed length (weighted terms) of the current version
    folded_title  text NOT NULL DEFAULT '',      -- the title, lower case NFKC (as kb_terms reads it)
    folded        text NOT NULL DEFAULT ''       -- title, tags and body so folded: the phrase bonus looks here
);
CREATE UNIQUE INDEX kb_article_source ON kb_article (source) WHERE source <> '';
CREATE INDEX kb_article_category ON kb_article (category, id);
CREATE INDEX kb_article_owner ON kb_article (owner_unit, id);

-- Every version, the current one too: an edit adds a row and never changes one.
CREATE TABLE kb_article_version (
    article_id    bigint NOT NULL REFERENCES kb_article (id),
    version       int NOT NULL,
    category      smallint NOT NULL,
    title         text NOT NULL,
    body          text NOT NULL,
    tags          text[] NOT NULL,
    post_codes    text[] NOT NULL,
    hazards       text[] NOT NULL,
    lessons       text[] NOT NULL,
    note          text NOT NULL,
    edited_by     text NOT NULL,
    edited_ms     bigint NOT NULL,
    PRIMARY KEY (article_id, version)
);

-- The posts the current version concerns, for the post filter.
CREATE TABLE kb_article_post (
    post_code     text NOT NULL,
    article_id    bigint NOT NULL REFERENCES kb_article (id),
    PRIMARY KEY (post_code, article_id)
);

-- The index. w is the BM25 term weight tf·(k1+1)/(tf + k1·(1-b+b·dl/avgdl)), k1 1.2, b 0.75,
-- with avgdl as it was when the article was indexed; the search multiplies it by the term's
-- idf. category and plant_code are the article's, so the search filters inside the index.
CREATE TABLE kb_posting (
    article_id    bigint NOT NULL,
    term          text NOT NULL,
    w             real NOT NULL,
    category      smallint NOT NULL,
    plant_code    text NOT NULL,
    PRIMARY KEY (article_id, term)
);
CREATE INDEX kb_posting_term ON kb_posting (term, w DESC) INCLUDE (article_id, category, plant_code);

-- Articles holding each term; the row of term '' holds the number of articles (df) and the
-- sum of their lengths (dl_total). Writers lock these rows in term order (kb_index), so two
-- writers never wait for each other in a circle.
CREATE TABLE kb_term_df (
    term          text PRIMARY KEY,
    df            bigint NOT NULL,
    dl_total      bigint NOT NULL DEFAULT 0
);
INSERT INTO kb_term_df (term, df, dl_total) VALUES ('', 0, 0);

-- The terms of a text, repeated as often as they occur: NFKC (full-width letters and digits
-- become ASCII), lower case; every run of Latin letters and digits is a word; every run of
-- CJK ideographs gives its overlapping bigrams (a lone ideograph itself). Anything else
-- separates. The search highlights with the same terms (training_kb_snippet.c).
CREATE FUNCTION kb_terms (doc text) RETURNS TABLE (term text)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    WITH runs AS (
        SELECT m [1] AS run
        FROM regexp_matches (lower (normalize (coalesce (doc, ''), NFKC)), '([a-z0-9]+|[一-鿿㐀-䶿]+)', 'g') AS m)
    SELECT run FROM runs WHERE run ~ '^[a-z0-9]'
    UNION ALL
    SELECT substr (run, i, 2)
    FROM runs, generate_series (1, greatest (char_length (run) - 1, 1)) AS i
    WHERE run !~ '^[a-z0-9]'
$$;

-- Synonyms and a small bilingual glossary: a query holding phrase (lower case, NFKC) is
-- searched for synonym too (README_kb.md, "Search"). Each pair both ways where both are
-- Chinese; an English phrase leads to the Chinese words the articles use.
CREATE TABLE kb_synonym (
    phrase        text NOT NULL,
    synonym       text NOT NULL,
    PRIMARY KEY (phrase, synonym)
);
INSERT INTO kb_synonym (phrase, synonym) VALUES
    ('受限空间', '有限空间'), ('有限空间', '受限空间'),      -- GB 30871-2022 and 原安监总局令第59号 name the same thing
    ('劳保用品', '劳动防护用品'), ('劳动防护用品', '劳保用品'),
    ('行车', '桥式起重机'), ('桥式起重机', '行车'),
    ('冲床', '冲压'), ('冲压', '冲床'),
    ('电焊', '焊接'), ('焊工', '焊接'),
    ('三违', '违章'),
    ('confined space', '有限空间'), ('confined space', '受限空间'),
    ('hot work', '动火'), ('work at height', '高处作业'), ('fall protection', '高处作业'),
    ('forklift', '叉车'), ('lifting', '吊装'), ('crane', '起重'),
    ('ppe', '劳动防护用品'), ('helmet', '安全帽'), ('hard hat', '安全帽'),
    ('noise', '噪声'), ('dust', '粉尘'), ('ammonia', '液氨'), ('chlorine', '氯气'),
    ('fire extinguisher', '灭火器'), ('electric shock', '触电'), ('heat stroke', '中暑'),
    ('welding', '焊接'), ('lockout', '上锁挂牌'), ('gas cylinder', '气瓶'), ('elevator', '电梯');

-- A query with the synonyms of the phrases it holds added (an English phrase as a whole word),
-- as the search uses it.
CREATE FUNCTION kb_expand (query text) RETURNS text
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    WITH q AS (SELECT lower (normalize (query, NFKC)) AS q)
    SELECT query || coalesce ((SELECT ' ' || string_agg (DISTINCT synonym, ' ') FROM kb_synonym, q
                               WHERE CASE WHEN phrase ~ '^[a-z0-9]'
                                          THEN ' ' || q.q || ' ' ~ ('[^a-z0-9]' || phrase || '[^a-z0-9]')
                                          ELSE strpos (q.q, phrase) > 0 END), '')
$$;

-- The weighted terms of an article's current content: the title counts three times, the tags
-- twice, the body, hazards and lessons once.
CREATE FUNCTION kb_article_terms (p_title text, p_tags text[], p_body text, p_hazards text[], p_lessons text[])
RETURNS TABLE (term text, tf int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT term, sum (weight)::int FROM (
        SELECT term, 3 AS weight FROM kb_terms (p_title) AS term
        UNION ALL SELECT term, 2 FROM kb_terms (array_to_string (p_tags, ' ')) AS term
        UNION ALL SELECT term, 1 FROM kb_terms (p_body || ' ' || array_to_string (p_hazards, ' ') || ' '
                                                || array_to_string (p_lessons, ' ')) AS term) AS t
    GROUP BY term
$$;

-- Indexes the current version of article p_id again (after it was written): its postings, its
-- length, and the document frequencies with their totals, in term order.
CREATE FUNCTION kb_index (p_id bigint) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    a kb_article;
    new_terms text [];
    new_tf int [];
    new_dl int;
    old_terms text [];
    n float8;
    avgdl float8;
BEGIN
    SELECT * INTO STRICT a FROM kb_article WHERE id = p_id;
    SELECT coalesce (array_agg (t.term ORDER BY t.term), '{}'), coalesce (array_agg (t.tf ORDER BY t.term), '{}'),
           coalesce (sum (t.tf), 0)
      INTO new_terms, new_tf, new_dl
      FROM kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t;
    SELECT coalesce (array_agg (term), '{}') INTO old_terms FROM kb_posting WHERE article_id = p_id;
    INSERT INTO kb_term_df AS d (term, df, dl_total)
    SELECT term, sum (delta), sum (dl_delta) FROM (
        SELECT '' AS term, CASE WHEN cardinality (old_terms) = 0 AND a.dl = 0 THEN 1 ELSE 0 END AS delta,
               new_dl - a.dl AS dl_delta
        UNION ALL SELECT x, 1, 0 FROM unnest (new_terms) AS x WHERE NOT x = ANY (old_terms)
        UNION ALL SELECT x, -1, 0 FROM unnest (old_terms) AS x WHERE NOT x = ANY (new_terms)) AS c
    GROUP BY term ORDER BY term
    ON CONFLICT (term) DO UPDATE SET df = d.df + EXCLUDED.df, dl_total = d.dl_total + EXCLUDED.dl_total;
    SELECT greatest (df, 1), greatest (dl_total::float8 / greatest (df, 1), 1) INTO n, avgdl FROM kb_term_df WHERE term = '';
    DELETE FROM kb_posting WHERE article_id = p_id;
    INSERT INTO kb_posting (article_id, term, w, category, plant_code)
    SELECT p_id, x.term, x.tf * 2.2 / (x.tf + 1.2 * (0.25 + 0.75 * new_dl / avgdl)), a.category, a.plant_code
    FROM unnest (new_terms, new_tf) AS x (term, tf);
    UPDATE kb_article SET dl = new_dl, folded_title = lower (normalize (title, NFKC)),
                          folded = lower (normalize (title || ' ' || array_to_string (tags, ' ') || ' ' || body, NFKC))
     WHERE id = p_id;
END
$$;

-- Indexes every article again, set-based (after a bulk load, or a change of kb_terms): the
-- lengths, the frequencies from scratch, then every posting. No temporary table: the daemon's
-- role may not make one.
CREATE FUNCTION kb_reindex_all () RETURNS bigint
LANGUAGE plpgsql AS $$
DECLARE
    n bigint;
    avgdl float8;
BEGIN
    DELETE FROM kb_posting;
    DELETE FROM kb_term_df;
    UPDATE kb_article a SET dl = (SELECT coalesce (sum (t.tf), 0)
                                    FROM kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t),
                            folded_title = lower (normalize (a.title, NFKC)),
                            folded = lower (normalize (a.title || ' ' || array_to_string (a.tags, ' ') || ' ' || a.body, NFKC));
    SELECT count (*), greatest (coalesce (avg (dl), 1), 1) INTO n, avgdl FROM kb_article;
    INSERT INTO kb_posting (article_id, term, w, category, plant_code)
    SELECT a.id, t.term, t.tf * 2.2 / (t.tf + 1.2 * (0.25 + 0.75 * a.dl / avgdl)), a.category, a.plant_code
    FROM kb_article a, LATERAL kb_article_terms (a.title, a.tags, a.body, a.hazards, a.lessons) AS t;
    INSERT INTO kb_term_df (term, df, dl_total)
        SELECT '', n, coalesce ((SELECT sum (dl) FROM kb_article), 0)
        UNION ALL SELECT term, count (*), 0 FROM kb_posting GROUP BY term;
    RETURN n;
END
$$;
