-- Lists are read a page at a time, after the last row of the page before (keyset paging,
-- common/sf_page.h): ListForms by (issued_ms, id) descending, the notice by (deadline_ms, id).
-- Each order has an index ending in the id that breaks its ties, so a page is one range of it.
DROP INDEX form_issued;
CREATE INDEX form_issued ON form (issued_ms, id);
CREATE INDEX form_deadline ON form (deadline_ms, id);
