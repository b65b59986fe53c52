-- One training.SearchArticles (limit 10) as account bench (admin on the bench group), statement
-- for statement as sf-training's handler runs it (services/training/training_kb_routes.c
-- s_search: training_kb_store_terms, training_kb_reach, training_kb_store_search), each on its
-- own (a read runs outside a transaction, common/sf_rpc_worker.c s_run_reads), for pgbench
-- -M prepared (the daemon prepares every statement once per session). ./deploy/bench runs it
-- with the search path set to the training schema it seeded, the queries of
-- tests/training_kb_queries.csv in its table bench_kb_query (id 1..queries), and the variables
-- queries, nodes ('{BC}': the account's grants above the plants), all (false: an account, not
-- the service), category (0) and limit (10) set; the filters post and owner are empty (none),
-- which pgbench -D cannot set: the first statement sets them.
--
-- Small differences: the query text is read in the first statement from bench_kb_query (a
-- query of random id, where each bench client cycles through them); that statement returns
-- the expanded query and its terms as one row (\gset needs one) where the daemon reads one
-- row per term; the reach's plants come back aggregated; the
-- phrases split on '\s+' where the daemon names the POSIX space class (the same class, which
-- pgbench would read as a variable). Not here: what the daemon does
-- before the handler (resolving the account and its grants, common/sf_scope.c) and after it
-- (marking the terms in the titles and snippets, packing the reply).
\set i random(1, :queries)
WITH e AS (SELECT kb_expand (query) AS query FROM bench_kb_query WHERE id = :i)
SELECT e.query AS expanded, array_agg (t.term ORDER BY t.term) AS terms, '' AS post, '' AS owner
FROM e LEFT JOIN LATERAL (SELECT DISTINCT term FROM kb_terms (e.query) AS term) AS t ON true
GROUP BY e.query \gset
WITH RECURSIVE walk (code, plant) AS (
    SELECT code, plant_code FROM sf_org_node WHERE code = ANY (:nodes::text[]) AND plant_code IS NULL
    UNION SELECT n.code, n.plant_code FROM sf_org_node n JOIN walk w ON n.parent_code = w.code
          WHERE w.plant IS NULL)
SELECT array_agg (DISTINCT plant) AS plants FROM walk WHERE plant IS NOT NULL \gset
WITH q AS (SELECT DISTINCT t AS term FROM unnest (:terms::text[]) AS t),
 n AS (SELECT greatest (df, 1)::float8 AS n FROM kb_term_df WHERE term = ''),
 idf AS (SELECT d.term, ln (1 + (n.n - d.df + 0.5) / (d.df + 0.5)) AS idf
         FROM q JOIN kb_term_df d ON d.term = q.term CROSS JOIN n WHERE d.df > 0),
 cand AS (SELECT c.article_id, sum (idf.idf * c.w) AS score FROM idf CROSS JOIN LATERAL (
            SELECT p.article_id, p.w FROM kb_posting p
            WHERE p.term = idf.term AND (:category::int = 0 OR p.category = :category::int)
              AND (:all::boolean OR p.plant_code = '' OR p.plant_code = ANY (:plants::text[]))
              AND (:post = '' OR p.article_id IN (SELECT ap.article_id FROM kb_article_post ap
                                                  WHERE ap.post_code = :post))
            ORDER BY p.w DESC LIMIT 1000) AS c
          GROUP BY c.article_id ORDER BY score DESC LIMIT 100),
 words AS (SELECT lower (normalize (btrim (:expanded), NFKC)) AS whole),
 phrases AS (SELECT coalesce (array_agg (DISTINCT x), '{}') AS list, greatest (count (DISTINCT x), 1) AS n
             FROM words, LATERAL (SELECT regexp_split_to_table (whole, '\s+') UNION SELECT whole) AS s (x)
             WHERE char_length (x) >= 2)
SELECT a.id, a.version, a.category, a.title, '', array_to_string (a.tags, E'\x1f'),
       array_to_string (a.post_codes, E'\x1f'), array_to_string (a.hazards, E'\x1f'),
       array_to_string (a.lessons, E'\x1f'), a.owner_unit, a.plant_code, a.source, a.note, a.edited_by,
       a.edited_ms, a.created_by, a.created_ms, a.body,
       s.score * (1 + (0.6 * ph.in_text + 0.4 * ph.in_title) / phrases.n) AS final
FROM cand s JOIN kb_article a ON a.id = s.article_id CROSS JOIN phrases
CROSS JOIN LATERAL (SELECT count (*) FILTER (WHERE strpos (a.folded_title, x) > 0) AS in_title,
                           count (*) FILTER (WHERE strpos (a.folded, x) > 0) AS in_text
                    FROM unnest (phrases.list) AS x) AS ph
WHERE (:owner = '' OR a.owner_unit IN (WITH RECURSIVE sf_sub (code) AS (SELECT code FROM sf_org_node WHERE code = :owner
                                       UNION SELECT n.code FROM sf_org_node n JOIN sf_sub s ON n.parent_code = s.code)
                                       SELECT code FROM sf_sub))
ORDER BY final DESC, a.id DESC LIMIT :limit::int;
