-- A check a statement makes itself, for a command sent in one round trip (its statements and
-- COMMIT in one pipeline, sf_rpc_worker's checked-at-commit runs): where the caller would
-- otherwise wait for an answer before COMMIT (its key's claim, the org generation it admitted
-- with, a value it computed ahead), the statement fails the transaction instead, with
-- SQLSTATE SF001, and the caller runs the command again the ordinary way. Returns true.
CREATE FUNCTION sf_expect (ok boolean, what text) RETURNS boolean
    LANGUAGE plpgsql AS $$
BEGIN
    IF ok IS NOT TRUE THEN
        RAISE EXCEPTION 'expected %, found otherwise', what USING ERRCODE = 'SF001';
    END IF;
    RETURN true;
END $$;
