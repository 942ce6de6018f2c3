-- Live updates for the agent dashboard: every committed change to a ticket or a new message is
-- announced on the channel supportgate_live, which each app instance LISTENs to and fans out
-- to its open dashboards (lib/server/live). Payloads carry ids, the reference, the version and
-- the kind of change only, never customer data. Statement-level triggers with transition tables
-- keep bulk statements cheap: past 20 rows one tickets.bulk notice replaces the per-row ones
-- and dashboards simply reload.

CREATE FUNCTION "supportgate_notify_ticket_changes"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  changed_count integer;
  change record;
BEGIN
  SELECT count(*) INTO changed_count FROM changed_tickets;
  IF changed_count > 20 THEN
    PERFORM pg_notify('supportgate_live', json_build_object('kind', 'tickets.bulk', 'count', changed_count)::text);
    RETURN NULL;
  END IF;
  FOR change IN SELECT id, reference, version FROM changed_tickets LOOP
    PERFORM pg_notify('supportgate_live', json_build_object(
      'kind', CASE TG_OP WHEN 'INSERT' THEN 'ticket.created' ELSE 'ticket.updated' END,
      'ticketId', change.id,
      'reference', change.reference,
      'version', change.version
    )::text);
  END LOOP;
  RETURN NULL;
END;
$$;

-- A trigger with transition tables may only have one event, hence two.
CREATE TRIGGER "tickets_notify_insert"
  AFTER INSERT ON "tickets"
  REFERENCING NEW TABLE AS changed_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION "supportgate_notify_ticket_changes"();

CREATE TRIGGER "tickets_notify_update"
  AFTER UPDATE ON "tickets"
  REFERENCING NEW TABLE AS changed_tickets
  FOR EACH STATEMENT EXECUTE FUNCTION "supportgate_notify_ticket_changes"();

CREATE FUNCTION "supportgate_notify_new_messages"() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
  added_count integer;
  added record;
BEGIN
  SELECT count(*) INTO added_count FROM added_messages;
  IF added_count > 20 THEN
    PERFORM pg_notify('supportgate_live', json_build_object('kind', 'tickets.bulk', 'count', added_count)::text);
    RETURN NULL;
  END IF;
  FOR added IN
    SELECT added_messages.ticket_id, added_messages.kind, tickets.reference, tickets.version
    FROM added_messages JOIN tickets ON tickets.id = added_messages.ticket_id
  LOOP
    PERFORM pg_notify('supportgate_live', json_build_object(
      'kind', 'message.created',
      'ticketId', added.ticket_id,
      'reference', added.reference,
      'version', added.version,
      'messageKind', added.kind
    )::text);
  END LOOP;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "messages_notify_insert"
  AFTER INSERT ON "messages"
  REFERENCING NEW TABLE AS added_messages
  FOR EACH STATEMENT EXECUTE FUNCTION "supportgate_notify_new_messages"();
