--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: api_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.api_token (
    id integer NOT NULL,
    name character varying(100) NOT NULL,
    prefix character varying(12) NOT NULL,
    token_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_used_at timestamp with time zone,
    expires_at timestamp with time zone,
    revoked_at timestamp with time zone,
    user_id integer NOT NULL
);


--
-- Name: TABLE api_token; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.api_token IS 'A bearer token with which a program acts for a person, within that person''s roles.';


--
-- Name: COLUMN api_token.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.name IS 'What the token is for.';


--
-- Name: COLUMN api_token.prefix; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.prefix IS 'First characters, to recognise it.';


--
-- Name: COLUMN api_token.token_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.token_hash IS 'SHA-256 of the token.';


--
-- Name: COLUMN api_token.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.created_at IS 'When it was made.';


--
-- Name: COLUMN api_token.last_used_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.last_used_at IS 'When it was last used.';


--
-- Name: COLUMN api_token.expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.expires_at IS 'After this it is refused.';


--
-- Name: COLUMN api_token.revoked_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.revoked_at IS 'When it was revoked.';


--
-- Name: COLUMN api_token.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.api_token.user_id IS 'The person the token acts for.';


--
-- Name: api_token_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.api_token_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: api_token_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.api_token_id_seq OWNED BY public.api_token.id;


--
-- Name: app_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.app_user (
    id integer NOT NULL,
    email character varying(254) NOT NULL,
    name character varying(200) NOT NULL,
    password_hash character varying(200),
    oidc_issuer character varying(300),
    oidc_subject character varying(255),
    is_site_admin boolean NOT NULL,
    is_active boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    last_sign_in_at timestamp with time zone
);


--
-- Name: TABLE app_user; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.app_user IS 'A person who signs in: with a local password, or (later) through OpenID Connect.';


--
-- Name: COLUMN app_user.email; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.email IS 'E-mail address, lower case.';


--
-- Name: COLUMN app_user.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.name IS 'Name to show.';


--
-- Name: COLUMN app_user.password_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.password_hash IS 'argon2id hash. None for single sign-on only.';


--
-- Name: COLUMN app_user.oidc_issuer; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.oidc_issuer IS 'OpenID Connect issuer that vouches for the user.';


--
-- Name: COLUMN app_user.oidc_subject; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.oidc_subject IS 'Subject identifier at that issuer.';


--
-- Name: COLUMN app_user.is_site_admin; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.is_site_admin IS 'May manage everything.';


--
-- Name: COLUMN app_user.is_active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.is_active IS 'May sign in and use tokens.';


--
-- Name: COLUMN app_user.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.created_at IS 'When the user was created.';


--
-- Name: COLUMN app_user.last_sign_in_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.app_user.last_sign_in_at IS 'Last successful sign-in.';


--
-- Name: app_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.app_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: app_user_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.app_user_id_seq OWNED BY public.app_user.id;


--
-- Name: audit_event; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.audit_event (
    id bigint NOT NULL,
    created_at timestamp with time zone NOT NULL,
    actor character varying(200) NOT NULL,
    action character varying(100) NOT NULL,
    target_type character varying(50) NOT NULL,
    target_id character varying(50) NOT NULL,
    before jsonb,
    after jsonb,
    organisation_id integer,
    previous_hash character varying(64) NOT NULL,
    hash character varying(64) NOT NULL
);


--
-- Name: TABLE audit_event; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.audit_event IS 'One write to the catalogue: who did what to which row, with the values before and after.';


--
-- Name: COLUMN audit_event.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.created_at IS 'When it happened.';


--
-- Name: COLUMN audit_event.actor; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.actor IS 'Who did it: user:<id>, cli, system:<job>.';


--
-- Name: COLUMN audit_event.action; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.action IS 'Tag shaped subject:object:action, e.g. catalogue:software:create.';


--
-- Name: COLUMN audit_event.target_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.target_type IS 'Model of the row written.';


--
-- Name: COLUMN audit_event.target_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.target_id IS 'Primary key of the row written.';


--
-- Name: COLUMN audit_event.before; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.before IS 'Changed fields before the write.';


--
-- Name: COLUMN audit_event.after; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.after IS 'Changed fields after the write.';


--
-- Name: COLUMN audit_event.organisation_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.organisation_id IS 'Organisation the write concerns, for its members.';


--
-- Name: COLUMN audit_event.previous_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.previous_hash IS 'Hash of the event before this one.';


--
-- Name: COLUMN audit_event.hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.audit_event.hash IS 'SHA-256 over this event and previous_hash.';


--
-- Name: audit_event_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.audit_event_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: audit_event_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.audit_event_id_seq OWNED BY public.audit_event.id;


--
-- Name: code_host_account; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.code_host_account (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    forge character varying(10) NOT NULL,
    base_url character varying(200) NOT NULL,
    name character varying(200) NOT NULL,
    name_key character varying(200) NOT NULL,
    is_group boolean NOT NULL,
    organisation_id integer NOT NULL
);


--
-- Name: TABLE code_host_account; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.code_host_account IS 'An account or group on a code host under which an organisation publishes repositories.';


--
-- Name: COLUMN code_host_account.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.created_at IS 'When the row was created.';


--
-- Name: COLUMN code_host_account.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN code_host_account.forge; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.forge IS 'Software of the code host.';


--
-- Name: COLUMN code_host_account.base_url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.base_url IS 'Web address of the code host, e.g. https://github.com.';


--
-- Name: COLUMN code_host_account.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.name IS 'Account, organisation or group path on the host.';


--
-- Name: COLUMN code_host_account.name_key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.name_key IS 'The name in lower case, for lookups.';


--
-- Name: COLUMN code_host_account.is_group; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.is_group IS 'An organisation/group, not a personal account.';


--
-- Name: COLUMN code_host_account.organisation_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.code_host_account.organisation_id IS 'The organisation that owns the account.';


--
-- Name: code_host_account_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.code_host_account_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: code_host_account_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.code_host_account_id_seq OWNED BY public.code_host_account.id;


--
-- Name: collection; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collection (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    slug character varying(100) NOT NULL,
    title_nl character varying(200) NOT NULL,
    title_en character varying(200) NOT NULL,
    description_nl text NOT NULL,
    description_en text NOT NULL,
    created_by_id integer
);


--
-- Name: TABLE collection; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.collection IS 'A curated list of catalogue entries, e.g. the components of a workplace suite.';


--
-- Name: COLUMN collection.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.created_at IS 'When the row was created.';


--
-- Name: COLUMN collection.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN collection.slug; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.slug IS 'Name in addresses.';


--
-- Name: COLUMN collection.title_nl; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.title_nl IS 'Title in Dutch.';


--
-- Name: COLUMN collection.title_en; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.title_en IS 'Title in English.';


--
-- Name: COLUMN collection.description_nl; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.description_nl IS 'What it is for, in Dutch.';


--
-- Name: COLUMN collection.description_en; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.description_en IS 'What it is for, in English.';


--
-- Name: COLUMN collection.created_by_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection.created_by_id IS 'The administrator who made it.';


--
-- Name: collection_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.collection_entry (
    id integer NOT NULL,
    "position" integer NOT NULL,
    role_nl character varying(200) NOT NULL,
    role_en character varying(200) NOT NULL,
    collection_id integer NOT NULL,
    software_id integer NOT NULL
);


--
-- Name: TABLE collection_entry; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.collection_entry IS 'One catalogue entry in a collection, with its role there.';


--
-- Name: COLUMN collection_entry."position"; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection_entry."position" IS 'Order within the collection.';


--
-- Name: COLUMN collection_entry.role_nl; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection_entry.role_nl IS 'What it does in the collection, in Dutch.';


--
-- Name: COLUMN collection_entry.role_en; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection_entry.role_en IS 'The same, in English.';


--
-- Name: COLUMN collection_entry.collection_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection_entry.collection_id IS 'The collection.';


--
-- Name: COLUMN collection_entry.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.collection_entry.software_id IS 'The entry listed.';


--
-- Name: collection_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.collection_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: collection_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.collection_entry_id_seq OWNED BY public.collection_entry.id;


--
-- Name: collection_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.collection_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: collection_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.collection_id_seq OWNED BY public.collection.id;


--
-- Name: decision; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.decision (
    id integer NOT NULL,
    version integer NOT NULL,
    state character varying(20) NOT NULL,
    outcome character varying(20) NOT NULL,
    summary text NOT NULL,
    items jsonb NOT NULL,
    licence character varying(300),
    open_later_date date,
    open_later_trigger text NOT NULL,
    decided_on date,
    published_on date,
    review_on date,
    advisers text NOT NULL,
    rejection_reason text NOT NULL,
    review_reason text NOT NULL,
    lock_version integer NOT NULL,
    is_example boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    approver_id integer,
    decider_id integer,
    drafted_by_id integer,
    organisation_id integer NOT NULL,
    software_id integer NOT NULL,
    supersedes_id integer
);


--
-- Name: TABLE decision; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.decision IS 'One version of the release decision on a software entry.';


--
-- Name: COLUMN decision.version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.version IS '1 for the first version, counting per software.';


--
-- Name: COLUMN decision.state; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.state IS 'Where it stands.';


--
-- Name: COLUMN decision.outcome; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.outcome IS 'What is released.';


--
-- Name: COLUMN decision.summary; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.summary IS 'The decision in brief, for the public.';


--
-- Name: COLUMN decision.items; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.items IS 'Scope items: what is released or withheld, with grounds and other reasons.';


--
-- Name: COLUMN decision.licence; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.licence IS 'SPDX licence of what is released.';


--
-- Name: COLUMN decision.open_later_date; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.open_later_date IS 'When the code is to be opened.';


--
-- Name: COLUMN decision.open_later_trigger; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.open_later_trigger IS 'The event upon which the code is to be opened.';


--
-- Name: COLUMN decision.decided_on; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.decided_on IS 'Date of the decision.';


--
-- Name: COLUMN decision.published_on; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.published_on IS 'Date it entered the register.';


--
-- Name: COLUMN decision.review_on; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.review_on IS 'When it is reviewed: at most five years after the decision.';


--
-- Name: COLUMN decision.advisers; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.advisers IS 'Who advised, e.g. the CISO or the FG.';


--
-- Name: COLUMN decision.rejection_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.rejection_reason IS 'Why the last submission was sent back to draft.';


--
-- Name: COLUMN decision.review_reason; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.review_reason IS 'At a review: why keeping it closed still prevails despite the time passed.';


--
-- Name: COLUMN decision.lock_version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.lock_version IS 'Raised by every write: a write based on an older one conflicts.';


--
-- Name: COLUMN decision.is_example; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.is_example IS 'Demo data: an example, not a decision of the organisation.';


--
-- Name: COLUMN decision.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.created_at IS 'When it was started.';


--
-- Name: COLUMN decision.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.updated_at IS 'When it last changed.';


--
-- Name: COLUMN decision.approver_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.approver_id IS 'The second officer who approved it (never the decider).';


--
-- Name: COLUMN decision.decider_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.decider_id IS 'The publication officer who submitted it.';


--
-- Name: COLUMN decision.drafted_by_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.drafted_by_id IS 'Who started this version.';


--
-- Name: COLUMN decision.organisation_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.organisation_id IS 'The organisation that decides (the software''s owner when drafted).';


--
-- Name: COLUMN decision.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.software_id IS 'The software the decision is about.';


--
-- Name: COLUMN decision.supersedes_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision.supersedes_id IS 'The version this one replaces.';


--
-- Name: decision_ground; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.decision_ground (
    id integer NOT NULL,
    code character varying(30) NOT NULL,
    decision_id integer NOT NULL
);


--
-- Name: TABLE decision_ground; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.decision_ground IS 'One Woo ground applied somewhere in a decision version (for the register''s filters).';


--
-- Name: COLUMN decision_ground.code; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision_ground.code IS 'Ground code, e.g. woo-5.1.2.d.';


--
-- Name: COLUMN decision_ground.decision_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.decision_ground.decision_id IS 'The decision version that applies it.';


--
-- Name: decision_ground_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.decision_ground_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: decision_ground_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.decision_ground_id_seq OWNED BY public.decision_ground.id;


--
-- Name: decision_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.decision_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: decision_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.decision_id_seq OWNED BY public.decision.id;


--
-- Name: dependency; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.dependency (
    id integer NOT NULL,
    source character varying(20) NOT NULL,
    key character varying(300) NOT NULL,
    name character varying(300) NOT NULL,
    version character varying(200),
    purl character varying(1000),
    kind character varying(20) NOT NULL,
    licence_concluded character varying(1000),
    licence_declared character varying(1000),
    sbom_id integer,
    software_id integer NOT NULL
);


--
-- Name: TABLE dependency; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.dependency IS 'One component a software entry depends on, from an SBOM or its publiccode.yml.';


--
-- Name: COLUMN dependency.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.source IS 'Where it came from.';


--
-- Name: COLUMN dependency.key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.key IS 'The component across versions: purl without version, or name:<name>.';


--
-- Name: COLUMN dependency.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.name IS 'Component name.';


--
-- Name: COLUMN dependency.version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.version IS 'Version or version range.';


--
-- Name: COLUMN dependency.purl; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.purl IS 'Package URL, verbatim.';


--
-- Name: COLUMN dependency.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.kind IS 'package (SBOM), or open, proprietary or hardware (publiccode.yml).';


--
-- Name: COLUMN dependency.licence_concluded; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.licence_concluded IS 'Licence the SBOM''s author concluded.';


--
-- Name: COLUMN dependency.licence_declared; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.licence_declared IS 'Licence the component''s authors declared.';


--
-- Name: COLUMN dependency.sbom_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.sbom_id IS 'The SBOM that lists it (none for a publiccode.yml declaration).';


--
-- Name: COLUMN dependency.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.dependency.software_id IS 'The software that uses the component.';


--
-- Name: dependency_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.dependency_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: dependency_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.dependency_id_seq OWNED BY public.dependency.id;


--
-- Name: federated_entry; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.federated_entry (
    id integer NOT NULL,
    catalogue_url character varying(400) NOT NULL,
    catalogue_name character varying(200) NOT NULL,
    remote_id character varying(200) NOT NULL,
    remote_url character varying(400),
    remote_updated_at timestamp with time zone,
    first_imported_at timestamp with time zone NOT NULL,
    imported_at timestamp with time zone NOT NULL,
    software_id integer NOT NULL
);


--
-- Name: TABLE federated_entry; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.federated_entry IS 'Provenance of a software entry imported from another catalogue: which one, under which';


--
-- Name: COLUMN federated_entry.catalogue_url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.catalogue_url IS 'The export the entry was read from, as given to federate.';


--
-- Name: COLUMN federated_entry.catalogue_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.catalogue_name IS 'The name the other catalogue gives itself.';


--
-- Name: COLUMN federated_entry.remote_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.remote_id IS 'The entry''s identifier there.';


--
-- Name: COLUMN federated_entry.remote_url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.remote_url IS 'The entry''s page in the other catalogue.';


--
-- Name: COLUMN federated_entry.remote_updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.remote_updated_at IS 'When the other catalogue last changed the entry, as it says.';


--
-- Name: COLUMN federated_entry.first_imported_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.first_imported_at IS 'First import.';


--
-- Name: COLUMN federated_entry.imported_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.imported_at IS 'Latest import that read the entry.';


--
-- Name: COLUMN federated_entry.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.federated_entry.software_id IS 'The imported entry.';


--
-- Name: federated_entry_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.federated_entry_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: federated_entry_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.federated_entry_id_seq OWNED BY public.federated_entry.id;


--
-- Name: harvest_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.harvest_log (
    id bigint NOT NULL,
    url character varying(400) NOT NULL,
    outcome character varying(20) NOT NULL,
    message text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    account_id integer,
    repository_id integer,
    run_id integer NOT NULL
);


--
-- Name: TABLE harvest_log; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.harvest_log IS 'The outcome for one repository (or a whole account) in a run, with the error if any.';


--
-- Name: COLUMN harvest_log.url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.url IS 'Address of what was harvested.';


--
-- Name: COLUMN harvest_log.outcome; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.outcome IS 'What happened.';


--
-- Name: COLUMN harvest_log.message; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.message IS 'The error, for a failure.';


--
-- Name: COLUMN harvest_log.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.created_at IS 'When.';


--
-- Name: COLUMN harvest_log.account_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.account_id IS 'The account harvested.';


--
-- Name: COLUMN harvest_log.repository_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.repository_id IS 'The repository, when the outcome is about one.';


--
-- Name: COLUMN harvest_log.run_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_log.run_id IS 'The run.';


--
-- Name: harvest_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.harvest_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: harvest_log_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.harvest_log_id_seq OWNED BY public.harvest_log.id;


--
-- Name: harvest_run; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.harvest_run (
    id integer NOT NULL,
    source character varying(300) NOT NULL,
    dry_run boolean NOT NULL,
    status character varying(20) NOT NULL,
    started_at timestamp with time zone NOT NULL,
    finished_at timestamp with time zone,
    new integer NOT NULL,
    changed integer NOT NULL,
    unchanged integer NOT NULL,
    inactive integer NOT NULL,
    failed integer NOT NULL,
    requests integer NOT NULL,
    rate_limit_used integer NOT NULL,
    message text NOT NULL
);


--
-- Name: TABLE harvest_run; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.harvest_run IS 'One harvest of one or more code-host accounts.';


--
-- Name: COLUMN harvest_run.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.source IS 'What was harvested, e.g. github:MinBZK.';


--
-- Name: COLUMN harvest_run.dry_run; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.dry_run IS 'Looked, but wrote no repository.';


--
-- Name: COLUMN harvest_run.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.status IS 'Where the run stands.';


--
-- Name: COLUMN harvest_run.started_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.started_at IS 'Start of the run.';


--
-- Name: COLUMN harvest_run.finished_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.finished_at IS 'End of the run.';


--
-- Name: COLUMN harvest_run.new; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.new IS 'Repositories seen for the first time.';


--
-- Name: COLUMN harvest_run.changed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.changed IS 'Repositories whose data changed.';


--
-- Name: COLUMN harvest_run.unchanged; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.unchanged IS 'Repositories that did not change.';


--
-- Name: COLUMN harvest_run.inactive; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.inactive IS 'Repositories newly gone from the host.';


--
-- Name: COLUMN harvest_run.failed; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.failed IS 'Repositories or accounts that failed.';


--
-- Name: COLUMN harvest_run.requests; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.requests IS 'Requests made to code hosts.';


--
-- Name: COLUMN harvest_run.rate_limit_used; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.rate_limit_used IS 'Rate-limit budget used.';


--
-- Name: COLUMN harvest_run.message; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.harvest_run.message IS 'Why the run failed, if it did.';


--
-- Name: harvest_run_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.harvest_run_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: harvest_run_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.harvest_run_id_seq OWNED BY public.harvest_run.id;


--
-- Name: membership; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.membership (
    id integer NOT NULL,
    role character varying(30) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    organisation_id integer NOT NULL,
    user_id integer NOT NULL
);


--
-- Name: TABLE membership; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.membership IS 'A role a person holds in an organisation. A person may hold several, in several.';


--
-- Name: COLUMN membership.role; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.membership.role IS 'The role held.';


--
-- Name: COLUMN membership.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.membership.created_at IS 'When it was granted.';


--
-- Name: COLUMN membership.organisation_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.membership.organisation_id IS 'The organisation.';


--
-- Name: COLUMN membership.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.membership.user_id IS 'The person.';


--
-- Name: membership_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.membership_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: membership_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.membership_id_seq OWNED BY public.membership.id;


--
-- Name: organisation; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.organisation (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    slug character varying(100) NOT NULL,
    name character varying(200) NOT NULL,
    kind character varying(30) NOT NULL,
    tooi_uri character varying(200),
    oin character varying(20),
    roo_id character varying(20),
    publisher_id character varying(64),
    website character varying(300),
    source character varying(20) NOT NULL
);


--
-- Name: TABLE organisation; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.organisation IS 'A Dutch government body (or a body of governments) that owns software.';


--
-- Name: COLUMN organisation.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.created_at IS 'When the row was created.';


--
-- Name: COLUMN organisation.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN organisation.slug; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.slug IS 'URL name, e.g. gemeente-utrecht.';


--
-- Name: COLUMN organisation.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.name IS 'Official name, in Dutch.';


--
-- Name: COLUMN organisation.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.kind IS 'Kind of government body.';


--
-- Name: COLUMN organisation.tooi_uri; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.tooi_uri IS 'TOOI identifier (Thesaurus en Ontologie Overheidsinformatie) of the body.';


--
-- Name: COLUMN organisation.oin; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.oin IS 'OIN (Organisatie-identificatienummer): number of the body in Digikoppeling.';


--
-- Name: COLUMN organisation.roo_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.roo_id IS 'Number in the Register van Overheidsorganisaties.';


--
-- Name: COLUMN organisation.publisher_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.publisher_id IS 'Identifier in the publishers list this row was imported from, if any.';


--
-- Name: COLUMN organisation.website; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.website IS 'Home page of the body.';


--
-- Name: COLUMN organisation.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.organisation.source IS 'Where this row came from.';


--
-- Name: organisation_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.organisation_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: organisation_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.organisation_id_seq OWNED BY public.organisation.id;


--
-- Name: repository; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.repository (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    forge character varying(10) NOT NULL,
    url character varying(400) NOT NULL,
    full_name character varying(300) NOT NULL,
    description text NOT NULL,
    homepage character varying(400),
    topics jsonb NOT NULL,
    default_branch character varying(200),
    stars integer NOT NULL,
    forks integer NOT NULL,
    archived boolean NOT NULL,
    fork_of character varying(400),
    licence_forge character varying(100),
    forge_key character varying(200),
    open_issues integer NOT NULL,
    created_on_host_at timestamp with time zone,
    missing_since timestamp with time zone,
    publiccode_yml text,
    has_publiccode boolean NOT NULL,
    last_activity_at timestamp with time zone,
    active boolean NOT NULL,
    first_seen_at timestamp with time zone NOT NULL,
    last_seen_at timestamp with time zone,
    source character varying(20) NOT NULL,
    account_id integer,
    software_id integer,
    licence_file character varying(300),
    publiccode_check jsonb
);


--
-- Name: TABLE repository; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.repository IS 'A source-code repository on a code host. It belongs to at most one software entry.';


--
-- Name: COLUMN repository.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.created_at IS 'When the row was created.';


--
-- Name: COLUMN repository.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN repository.forge; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.forge IS 'Software of the code host.';


--
-- Name: COLUMN repository.url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.url IS 'Canonical web address.';


--
-- Name: COLUMN repository.full_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.full_name IS 'Path on the host, e.g. MinBZK/woo-besluit.';


--
-- Name: COLUMN repository.description; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.description IS 'Description as published on the host.';


--
-- Name: COLUMN repository.homepage; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.homepage IS 'Home page given on the host.';


--
-- Name: COLUMN repository.topics; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.topics IS 'Topics given on the host.';


--
-- Name: COLUMN repository.default_branch; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.default_branch IS 'Default branch.';


--
-- Name: COLUMN repository.stars; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.stars IS 'Stars (GitHub) or star count (GitLab).';


--
-- Name: COLUMN repository.forks; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.forks IS 'Number of forks.';


--
-- Name: COLUMN repository.archived; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.archived IS 'Archived (read-only) on the host.';


--
-- Name: COLUMN repository.fork_of; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.fork_of IS 'URL of the parent, if a fork.';


--
-- Name: COLUMN repository.licence_forge; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.licence_forge IS 'Licence the code host reports (SPDX id), verbatim.';


--
-- Name: COLUMN repository.forge_key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.forge_key IS 'Host and the host''s own id, e.g. github.com:123: stays through renames.';


--
-- Name: COLUMN repository.open_issues; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.open_issues IS 'Open issues on the host.';


--
-- Name: COLUMN repository.created_on_host_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.created_on_host_at IS 'Created on the host.';


--
-- Name: COLUMN repository.missing_since; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.missing_since IS 'First harvest that no longer found it on the host.';


--
-- Name: COLUMN repository.publiccode_yml; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.publiccode_yml IS 'publiccode.yml of the default branch, verbatim.';


--
-- Name: COLUMN repository.has_publiccode; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.has_publiccode IS 'Has a publiccode.yml at its root.';


--
-- Name: COLUMN repository.last_activity_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.last_activity_at IS 'Last push or activity on the host.';


--
-- Name: COLUMN repository.active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.active IS 'Still present on the host at the last look.';


--
-- Name: COLUMN repository.first_seen_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.first_seen_at IS 'When the catalogue first saw it.';


--
-- Name: COLUMN repository.last_seen_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.last_seen_at IS 'When a harvest last saw it on the host.';


--
-- Name: COLUMN repository.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.source IS 'Where this row came from.';


--
-- Name: COLUMN repository.account_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.account_id IS 'The code-host account that holds the repository.';


--
-- Name: COLUMN repository.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository.software_id IS 'The catalogue entry the repository belongs to.';


--
-- Name: repository_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repository_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repository_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repository_id_seq OWNED BY public.repository.id;


--
-- Name: repository_language; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.repository_language (
    id integer NOT NULL,
    name character varying(60) NOT NULL,
    key character varying(60) NOT NULL,
    "position" smallint NOT NULL,
    repository_id integer NOT NULL
);


--
-- Name: TABLE repository_language; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.repository_language IS 'A programming language found in a repository, in the order the host ranks them.';


--
-- Name: COLUMN repository_language.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository_language.name IS 'Language name as the host spells it.';


--
-- Name: COLUMN repository_language.key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository_language.key IS 'The name in lower case.';


--
-- Name: COLUMN repository_language."position"; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository_language."position" IS '0 for the primary language.';


--
-- Name: COLUMN repository_language.repository_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.repository_language.repository_id IS 'The repository.';


--
-- Name: repository_language_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.repository_language_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: repository_language_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.repository_language_id_seq OWNED BY public.repository_language.id;


--
-- Name: request_validator; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.request_validator (
    id integer NOT NULL,
    url character varying(600) NOT NULL,
    etag character varying(200),
    last_modified character varying(100),
    payload jsonb,
    updated_at timestamp with time zone NOT NULL
);


--
-- Name: TABLE request_validator; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.request_validator IS 'What a code host said about a URL last time, to ask for it conditionally next time.';


--
-- Name: COLUMN request_validator.url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.request_validator.url IS 'The request URL.';


--
-- Name: COLUMN request_validator.etag; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.request_validator.etag IS 'ETag of the last answer.';


--
-- Name: COLUMN request_validator.last_modified; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.request_validator.last_modified IS 'Last-Modified of the last answer.';


--
-- Name: COLUMN request_validator.payload; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.request_validator.payload IS 'What the answer said, for a 304 to stand in for later.';


--
-- Name: COLUMN request_validator.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.request_validator.updated_at IS 'When it was stored.';


--
-- Name: request_validator_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.request_validator_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: request_validator_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.request_validator_id_seq OWNED BY public.request_validator.id;


--
-- Name: sbom_document; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sbom_document (
    id integer NOT NULL,
    source character varying(20) NOT NULL,
    name character varying(300) NOT NULL,
    spdx_version character varying(20) NOT NULL,
    format character varying(20) NOT NULL,
    namespace character varying(500),
    component_count integer NOT NULL,
    warnings jsonb NOT NULL,
    added_by character varying(320) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    repository_id integer,
    software_id integer NOT NULL
);


--
-- Name: TABLE sbom_document; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.sbom_document IS 'An SPDX document (software bill of materials) given for a software entry.';


--
-- Name: COLUMN sbom_document.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.source IS 'Uploaded, or harvested from a code host.';


--
-- Name: COLUMN sbom_document.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.name IS 'The document''s own name.';


--
-- Name: COLUMN sbom_document.spdx_version; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.spdx_version IS 'SPDX version, e.g. SPDX-2.3.';


--
-- Name: COLUMN sbom_document.format; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.format IS 'File format it came in.';


--
-- Name: COLUMN sbom_document.namespace; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.namespace IS 'Document namespace.';


--
-- Name: COLUMN sbom_document.component_count; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.component_count IS 'Components it lists.';


--
-- Name: COLUMN sbom_document.warnings; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.warnings IS 'Validation messages, kept as warnings.';


--
-- Name: COLUMN sbom_document.added_by; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.added_by IS 'Who gave it (user or system actor).';


--
-- Name: COLUMN sbom_document.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.created_at IS 'When it was stored.';


--
-- Name: COLUMN sbom_document.repository_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.repository_id IS 'The repository whose dependency graph gave it, for a harvested SBOM.';


--
-- Name: COLUMN sbom_document.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sbom_document.software_id IS 'The software the document describes.';


--
-- Name: sbom_document_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sbom_document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sbom_document_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sbom_document_id_seq OWNED BY public.sbom_document.id;


--
-- Name: sign_in_throttle; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sign_in_throttle (
    id integer NOT NULL,
    key character varying(300) NOT NULL,
    failures integer NOT NULL,
    window_started_at timestamp with time zone NOT NULL,
    blocked_until timestamp with time zone
);


--
-- Name: TABLE sign_in_throttle; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.sign_in_throttle IS 'Failed sign-ins counted per account and per client address, to slow down guessing.';


--
-- Name: COLUMN sign_in_throttle.key; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sign_in_throttle.key IS 'account:EMAIL or address:IP.';


--
-- Name: COLUMN sign_in_throttle.failures; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sign_in_throttle.failures IS 'Failures in the current window.';


--
-- Name: COLUMN sign_in_throttle.window_started_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sign_in_throttle.window_started_at IS 'Start of the counting window.';


--
-- Name: COLUMN sign_in_throttle.blocked_until; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.sign_in_throttle.blocked_until IS 'No sign-in before this time.';


--
-- Name: sign_in_throttle_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.sign_in_throttle_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: sign_in_throttle_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.sign_in_throttle_id_seq OWNED BY public.sign_in_throttle.id;


--
-- Name: software; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.software (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    description_nl text NOT NULL,
    description_en text NOT NULL,
    release_status character varying(20) NOT NULL,
    licence character varying(300),
    licence_declared character varying(300),
    development_status character varying(20),
    maintenance_type character varying(20),
    homepage character varying(300),
    publiccode_yml text,
    source character varying(20) NOT NULL,
    archived_at timestamp with time zone,
    edited_fields jsonb NOT NULL,
    harvested_fields jsonb NOT NULL,
    sort_name character varying(200) NOT NULL,
    search_text text NOT NULL,
    organisation_id integer NOT NULL,
    categories jsonb,
    findings jsonb,
    platforms jsonb,
    publiccode_check jsonb,
    software_type character varying(30)
);


--
-- Name: TABLE software; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.software IS 'A catalogue entry: one piece of software of an organisation, released or not.';


--
-- Name: COLUMN software.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.created_at IS 'When the row was created.';


--
-- Name: COLUMN software.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN software.name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.name IS 'Name of the software.';


--
-- Name: COLUMN software.description_nl; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.description_nl IS 'Description in Dutch.';


--
-- Name: COLUMN software.description_en; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.description_en IS 'Description in English.';


--
-- Name: COLUMN software.release_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.release_status IS 'Whether the source code is released.';


--
-- Name: COLUMN software.licence; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.licence IS 'Normalised SPDX licence expression, e.g. EUPL-1.2.';


--
-- Name: COLUMN software.licence_declared; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.licence_declared IS 'The licence as declared, verbatim, before normalising.';


--
-- Name: COLUMN software.development_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.development_status IS 'Development stage.';


--
-- Name: COLUMN software.maintenance_type; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.maintenance_type IS 'Who maintains the software.';


--
-- Name: COLUMN software.homepage; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.homepage IS 'Web page about the software.';


--
-- Name: COLUMN software.publiccode_yml; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.publiccode_yml IS 'The publiccode.yml of the software, verbatim as found.';


--
-- Name: COLUMN software.source; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.source IS 'Where this entry came from.';


--
-- Name: COLUMN software.archived_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.archived_at IS 'When its organisation archived the entry (hidden from lists).';


--
-- Name: COLUMN software.edited_fields; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.edited_fields IS 'Fields a person set: a harvest never overwrites these.';


--
-- Name: COLUMN software.harvested_fields; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.harvested_fields IS 'Fields whose value came from a harvest.';


--
-- Name: COLUMN software.sort_name; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.sort_name IS 'The name case-folded, kept by save(), so that lists sort as people expect.';


--
-- Name: COLUMN software.search_text; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.search_text IS 'Name and descriptions in lower case, kept by save(), for free-text search.';


--
-- Name: COLUMN software.organisation_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software.organisation_id IS 'The organisation that owns the software.';


--
-- Name: software_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.software_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: software_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.software_id_seq OWNED BY public.software.id;


--
-- Name: software_licence; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.software_licence (
    id integer NOT NULL,
    identifier character varying(100) NOT NULL,
    software_id integer NOT NULL
);


--
-- Name: TABLE software_licence; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.software_licence IS 'One licence identifier that occurs in a software''s licence expression (for filtering).';


--
-- Name: COLUMN software_licence.identifier; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software_licence.identifier IS 'SPDX licence identifier.';


--
-- Name: COLUMN software_licence.software_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.software_licence.software_id IS 'The software whose expression names the licence.';


--
-- Name: software_licence_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.software_licence_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: software_licence_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.software_licence_id_seq OWNED BY public.software_licence.id;


--
-- Name: tortoise_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.tortoise_migrations (
    id integer NOT NULL,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied_at timestamp with time zone NOT NULL
);


--
-- Name: tortoise_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.tortoise_migrations_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: tortoise_migrations_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.tortoise_migrations_id_seq OWNED BY public.tortoise_migrations.id;


--
-- Name: web_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.web_session (
    id integer NOT NULL,
    key_hash character varying(64) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    user_id integer NOT NULL
);


--
-- Name: TABLE web_session; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.web_session IS 'A signed-in browser. The cookie holds the key, the database only its hash.';


--
-- Name: COLUMN web_session.key_hash; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.web_session.key_hash IS 'SHA-256 of the key.';


--
-- Name: COLUMN web_session.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.web_session.created_at IS 'Sign-in time.';


--
-- Name: COLUMN web_session.expires_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.web_session.expires_at IS 'After this the session is void.';


--
-- Name: COLUMN web_session.user_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.web_session.user_id IS 'Who is signed in.';


--
-- Name: web_session_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.web_session_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: web_session_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.web_session_id_seq OWNED BY public.web_session.id;


--
-- Name: webhook; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook (
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    id integer NOT NULL,
    url character varying(400) NOT NULL,
    secret character varying(100) NOT NULL,
    events jsonb NOT NULL,
    description character varying(200) NOT NULL,
    active boolean NOT NULL,
    created_by_id integer
);


--
-- Name: TABLE webhook; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.webhook IS 'An address that is told of changes, by a signed POST.';


--
-- Name: COLUMN webhook.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.created_at IS 'When the row was created.';


--
-- Name: COLUMN webhook.updated_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.updated_at IS 'When the row last changed.';


--
-- Name: COLUMN webhook.url; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.url IS 'Where changes are POSTed.';


--
-- Name: COLUMN webhook.secret; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.secret IS 'Key of the HMAC-SHA256 signature. Shown once, never logged.';


--
-- Name: COLUMN webhook.events; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.events IS 'Kinds of change to send, or every kind when empty.';


--
-- Name: COLUMN webhook.description; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.description IS 'What it is for.';


--
-- Name: COLUMN webhook.active; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.active IS 'Whether changes are sent.';


--
-- Name: COLUMN webhook.created_by_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook.created_by_id IS 'The administrator who registered it.';


--
-- Name: webhook_delivery; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.webhook_delivery (
    id bigint NOT NULL,
    event_id bigint,
    kind character varying(60) NOT NULL,
    payload jsonb NOT NULL,
    status character varying(20) NOT NULL,
    attempts integer NOT NULL,
    next_attempt_at timestamp with time zone NOT NULL,
    last_attempt_at timestamp with time zone,
    response_status integer,
    error text NOT NULL,
    created_at timestamp with time zone NOT NULL,
    delivered_at timestamp with time zone,
    webhook_id integer NOT NULL
);


--
-- Name: TABLE webhook_delivery; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON TABLE public.webhook_delivery IS 'One change to send to one webhook: its payload and every attempt''s outcome.';


--
-- Name: COLUMN webhook_delivery.event_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.event_id IS 'The audit event it reports, if any.';


--
-- Name: COLUMN webhook_delivery.kind; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.kind IS 'Kind of change, e.g. software.updated.';


--
-- Name: COLUMN webhook_delivery.payload; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.payload IS 'The JSON body sent.';


--
-- Name: COLUMN webhook_delivery.status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.status IS 'Where it is.';


--
-- Name: COLUMN webhook_delivery.attempts; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.attempts IS 'Attempts made so far.';


--
-- Name: COLUMN webhook_delivery.next_attempt_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.next_attempt_at IS 'When the next attempt is due.';


--
-- Name: COLUMN webhook_delivery.last_attempt_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.last_attempt_at IS 'When it was last tried.';


--
-- Name: COLUMN webhook_delivery.response_status; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.response_status IS 'HTTP status of the last answer.';


--
-- Name: COLUMN webhook_delivery.error; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.error IS 'Why the last attempt failed.';


--
-- Name: COLUMN webhook_delivery.created_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.created_at IS 'When the change happened.';


--
-- Name: COLUMN webhook_delivery.delivered_at; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.delivered_at IS 'When the receiver accepted it.';


--
-- Name: COLUMN webhook_delivery.webhook_id; Type: COMMENT; Schema: public; Owner: -
--

COMMENT ON COLUMN public.webhook_delivery.webhook_id IS 'Where it goes.';


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_delivery_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_delivery_id_seq OWNED BY public.webhook_delivery.id;


--
-- Name: webhook_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.webhook_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: webhook_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.webhook_id_seq OWNED BY public.webhook.id;


--
-- Name: api_token id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token ALTER COLUMN id SET DEFAULT nextval('public.api_token_id_seq'::regclass);


--
-- Name: app_user id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user ALTER COLUMN id SET DEFAULT nextval('public.app_user_id_seq'::regclass);


--
-- Name: audit_event id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event ALTER COLUMN id SET DEFAULT nextval('public.audit_event_id_seq'::regclass);


--
-- Name: code_host_account id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.code_host_account ALTER COLUMN id SET DEFAULT nextval('public.code_host_account_id_seq'::regclass);


--
-- Name: collection id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection ALTER COLUMN id SET DEFAULT nextval('public.collection_id_seq'::regclass);


--
-- Name: collection_entry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_entry ALTER COLUMN id SET DEFAULT nextval('public.collection_entry_id_seq'::regclass);


--
-- Name: decision id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision ALTER COLUMN id SET DEFAULT nextval('public.decision_id_seq'::regclass);


--
-- Name: decision_ground id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision_ground ALTER COLUMN id SET DEFAULT nextval('public.decision_ground_id_seq'::regclass);


--
-- Name: dependency id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dependency ALTER COLUMN id SET DEFAULT nextval('public.dependency_id_seq'::regclass);


--
-- Name: federated_entry id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.federated_entry ALTER COLUMN id SET DEFAULT nextval('public.federated_entry_id_seq'::regclass);


--
-- Name: harvest_log id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_log ALTER COLUMN id SET DEFAULT nextval('public.harvest_log_id_seq'::regclass);


--
-- Name: harvest_run id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_run ALTER COLUMN id SET DEFAULT nextval('public.harvest_run_id_seq'::regclass);


--
-- Name: membership id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership ALTER COLUMN id SET DEFAULT nextval('public.membership_id_seq'::regclass);


--
-- Name: organisation id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation ALTER COLUMN id SET DEFAULT nextval('public.organisation_id_seq'::regclass);


--
-- Name: repository id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository ALTER COLUMN id SET DEFAULT nextval('public.repository_id_seq'::regclass);


--
-- Name: repository_language id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository_language ALTER COLUMN id SET DEFAULT nextval('public.repository_language_id_seq'::regclass);


--
-- Name: request_validator id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request_validator ALTER COLUMN id SET DEFAULT nextval('public.request_validator_id_seq'::regclass);


--
-- Name: sbom_document id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_document ALTER COLUMN id SET DEFAULT nextval('public.sbom_document_id_seq'::regclass);


--
-- Name: sign_in_throttle id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_throttle ALTER COLUMN id SET DEFAULT nextval('public.sign_in_throttle_id_seq'::regclass);


--
-- Name: software id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software ALTER COLUMN id SET DEFAULT nextval('public.software_id_seq'::regclass);


--
-- Name: software_licence id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software_licence ALTER COLUMN id SET DEFAULT nextval('public.software_licence_id_seq'::regclass);


--
-- Name: tortoise_migrations id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tortoise_migrations ALTER COLUMN id SET DEFAULT nextval('public.tortoise_migrations_id_seq'::regclass);


--
-- Name: web_session id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_session ALTER COLUMN id SET DEFAULT nextval('public.web_session_id_seq'::regclass);


--
-- Name: webhook id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook ALTER COLUMN id SET DEFAULT nextval('public.webhook_id_seq'::regclass);


--
-- Name: webhook_delivery id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery ALTER COLUMN id SET DEFAULT nextval('public.webhook_delivery_id_seq'::regclass);


--
-- Data for Name: api_token; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: app_user; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: audit_event; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.audit_event VALUES (1, '2026-12-06 17:00:12.377547+00', 'release-0.1.0', 'catalogue:organisation:create', 'Organisation', '1', NULL, '{"oin": null, "kind": "gemeente", "name": "Gemeente Oud", "roo_id": null, "website": null, "tooi_uri": "https://identifier.overheid.nl/tooi/id/gemeente/gm0001", "publisher_id": null}', 1, '0000000000000000000000000000000000000000000000000000000000000000', 'afea4e2f2146c9442046b7ac379f63f8d7601993c4db46dc0a951b88b6020b88');
INSERT INTO public.audit_event VALUES (2, '2026-12-06 17:00:12.385615+00', 'release-0.1.0', 'catalogue:account:create', 'CodeHostAccount', '1', NULL, '{"url": "https://github.com/gemeente-oud", "organisation": "gemeente-oud"}', 1, 'afea4e2f2146c9442046b7ac379f63f8d7601993c4db46dc0a951b88b6020b88', 'b348ca3a42884d1b80cb10216055698ff8a9df43a5679bf85567a031914c8a91');
INSERT INTO public.audit_event VALUES (3, '2026-12-06 17:00:12.547877+00', 'release-0.1.0', 'catalogue:software:create', 'Software', '1', NULL, '{"name": "oude-app", "licence": "EUPL-1.2", "organisation": "gemeente-oud", "repositories": ["https://github.com/gemeente-oud/oude-app"]}', 1, 'b348ca3a42884d1b80cb10216055698ff8a9df43a5679bf85567a031914c8a91', '634b94f39cd902739fff4a4d4fd863a99bbe825f14d1675fdd4a622690b019ae');


--
-- Data for Name: code_host_account; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.code_host_account VALUES ('2026-12-06 17:00:12.382272+00', '2026-12-06 17:00:12.382282+00', 1, 'github', 'https://github.com', 'gemeente-oud', 'gemeente-oud', true, 1);


--
-- Data for Name: collection; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: collection_entry; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: decision; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: decision_ground; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: dependency; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: federated_entry; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: harvest_log; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: harvest_run; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: membership; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: organisation; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.organisation VALUES ('2026-12-06 17:00:12.371643+00', '2026-12-06 17:00:12.371785+00', 1, 'gemeente-oud', 'Gemeente Oud', 'gemeente', 'https://identifier.overheid.nl/tooi/id/gemeente/gm0001', NULL, NULL, NULL, NULL, 'seed');


--
-- Data for Name: repository; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.repository VALUES ('2026-12-06 17:00:12.545098+00', '2026-12-06 17:00:12.545107+00', 1, 'github', 'https://github.com/gemeente-oud/oude-app', 'gemeente-oud/oude-app', '', NULL, '[]', NULL, 0, 0, false, NULL, NULL, NULL, 0, NULL, NULL, NULL, false, NULL, true, '2026-12-06 17:00:12.545143+00', NULL, 'registration', 1, 1, NULL, NULL);


--
-- Data for Name: repository_language; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.repository_language VALUES (1, 'Python', 'python', 0, 1);


--
-- Data for Name: request_validator; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sbom_document; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: sign_in_throttle; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: software; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.software VALUES ('2026-12-06 17:00:12.541258+00', '2026-12-06 17:00:12.541281+00', 1, 'oude-app', '', '', 'undecided', 'EUPL-1.2', 'EUPL-1.2', NULL, NULL, NULL, NULL, 'registration', NULL, '[]', '[]', 'oude-app', 'oude-app', 1, '[]', '[]', '[]', NULL, NULL);


--
-- Data for Name: software_licence; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.software_licence VALUES (1, 'EUPL-1.2', 1);


--
-- Data for Name: tortoise_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.tortoise_migrations VALUES (1, 'catalogue', '0001_initial', '2026-12-06 17:00:11.483752+00');
INSERT INTO public.tortoise_migrations VALUES (2, 'catalogue', '0002_publiccode_licences_dependencies', '2026-12-06 17:00:11.935812+00');
INSERT INTO public.tortoise_migrations VALUES (3, 'catalogue', '0003_decision_register', '2026-12-06 17:00:12.039085+00');
INSERT INTO public.tortoise_migrations VALUES (4, 'catalogue', '0004_exchange', '2026-12-06 17:00:12.346592+00');


--
-- Data for Name: web_session; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: webhook; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: webhook_delivery; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Name: api_token_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.api_token_id_seq', 1, false);


--
-- Name: app_user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.app_user_id_seq', 1, false);


--
-- Name: audit_event_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.audit_event_id_seq', 3, true);


--
-- Name: code_host_account_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.code_host_account_id_seq', 1, true);


--
-- Name: collection_entry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.collection_entry_id_seq', 1, false);


--
-- Name: collection_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.collection_id_seq', 1, false);


--
-- Name: decision_ground_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.decision_ground_id_seq', 1, false);


--
-- Name: decision_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.decision_id_seq', 1, false);


--
-- Name: dependency_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.dependency_id_seq', 1, false);


--
-- Name: federated_entry_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.federated_entry_id_seq', 1, false);


--
-- Name: harvest_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.harvest_log_id_seq', 1, false);


--
-- Name: harvest_run_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.harvest_run_id_seq', 1, false);


--
-- Name: membership_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.membership_id_seq', 1, false);


--
-- Name: organisation_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.organisation_id_seq', 1, true);


--
-- Name: repository_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.repository_id_seq', 1, true);


--
-- Name: repository_language_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.repository_language_id_seq', 1, true);


--
-- Name: request_validator_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.request_validator_id_seq', 1, false);


--
-- Name: sbom_document_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sbom_document_id_seq', 1, false);


--
-- Name: sign_in_throttle_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.sign_in_throttle_id_seq', 1, false);


--
-- Name: software_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.software_id_seq', 1, true);


--
-- Name: software_licence_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.software_licence_id_seq', 1, true);


--
-- Name: tortoise_migrations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.tortoise_migrations_id_seq', 4, true);


--
-- Name: web_session_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.web_session_id_seq', 1, false);


--
-- Name: webhook_delivery_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.webhook_delivery_id_seq', 1, false);


--
-- Name: webhook_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.webhook_id_seq', 1, false);


--
-- Name: api_token api_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_pkey PRIMARY KEY (id);


--
-- Name: api_token api_token_token_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_token_hash_key UNIQUE (token_hash);


--
-- Name: app_user app_user_email_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_email_key UNIQUE (email);


--
-- Name: app_user app_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT app_user_pkey PRIMARY KEY (id);


--
-- Name: audit_event audit_event_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_hash_key UNIQUE (hash);


--
-- Name: audit_event audit_event_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_pkey PRIMARY KEY (id);


--
-- Name: audit_event audit_event_previous_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.audit_event
    ADD CONSTRAINT audit_event_previous_hash_key UNIQUE (previous_hash);


--
-- Name: code_host_account code_host_account_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.code_host_account
    ADD CONSTRAINT code_host_account_pkey PRIMARY KEY (id);


--
-- Name: collection_entry collection_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_entry
    ADD CONSTRAINT collection_entry_pkey PRIMARY KEY (id);


--
-- Name: collection collection_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection
    ADD CONSTRAINT collection_pkey PRIMARY KEY (id);


--
-- Name: collection collection_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection
    ADD CONSTRAINT collection_slug_key UNIQUE (slug);


--
-- Name: decision_ground decision_ground_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision_ground
    ADD CONSTRAINT decision_ground_pkey PRIMARY KEY (id);


--
-- Name: decision decision_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_pkey PRIMARY KEY (id);


--
-- Name: dependency dependency_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dependency
    ADD CONSTRAINT dependency_pkey PRIMARY KEY (id);


--
-- Name: federated_entry federated_entry_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.federated_entry
    ADD CONSTRAINT federated_entry_pkey PRIMARY KEY (id);


--
-- Name: federated_entry federated_entry_software_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.federated_entry
    ADD CONSTRAINT federated_entry_software_id_key UNIQUE (software_id);


--
-- Name: harvest_log harvest_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_log
    ADD CONSTRAINT harvest_log_pkey PRIMARY KEY (id);


--
-- Name: harvest_run harvest_run_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_run
    ADD CONSTRAINT harvest_run_pkey PRIMARY KEY (id);


--
-- Name: membership membership_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_pkey PRIMARY KEY (id);


--
-- Name: organisation organisation_oin_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_oin_key UNIQUE (oin);


--
-- Name: organisation organisation_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_pkey PRIMARY KEY (id);


--
-- Name: organisation organisation_publisher_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_publisher_id_key UNIQUE (publisher_id);


--
-- Name: organisation organisation_slug_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_slug_key UNIQUE (slug);


--
-- Name: organisation organisation_tooi_uri_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.organisation
    ADD CONSTRAINT organisation_tooi_uri_key UNIQUE (tooi_uri);


--
-- Name: repository repository_forge_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_forge_key_key UNIQUE (forge_key);


--
-- Name: repository_language repository_language_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository_language
    ADD CONSTRAINT repository_language_pkey PRIMARY KEY (id);


--
-- Name: repository repository_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_pkey PRIMARY KEY (id);


--
-- Name: repository repository_url_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_url_key UNIQUE (url);


--
-- Name: request_validator request_validator_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request_validator
    ADD CONSTRAINT request_validator_pkey PRIMARY KEY (id);


--
-- Name: request_validator request_validator_url_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.request_validator
    ADD CONSTRAINT request_validator_url_key UNIQUE (url);


--
-- Name: sbom_document sbom_document_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_document
    ADD CONSTRAINT sbom_document_pkey PRIMARY KEY (id);


--
-- Name: sign_in_throttle sign_in_throttle_key_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_throttle
    ADD CONSTRAINT sign_in_throttle_key_key UNIQUE (key);


--
-- Name: sign_in_throttle sign_in_throttle_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_throttle
    ADD CONSTRAINT sign_in_throttle_pkey PRIMARY KEY (id);


--
-- Name: software_licence software_licence_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software_licence
    ADD CONSTRAINT software_licence_pkey PRIMARY KEY (id);


--
-- Name: software software_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software
    ADD CONSTRAINT software_pkey PRIMARY KEY (id);


--
-- Name: tortoise_migrations tortoise_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tortoise_migrations
    ADD CONSTRAINT tortoise_migrations_pkey PRIMARY KEY (id);


--
-- Name: app_user uid_app_user_oidc_is_d7141b; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.app_user
    ADD CONSTRAINT uid_app_user_oidc_is_d7141b UNIQUE (oidc_issuer, oidc_subject);


--
-- Name: code_host_account uid_code_host_a_base_ur_70d3ca; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.code_host_account
    ADD CONSTRAINT uid_code_host_a_base_ur_70d3ca UNIQUE (base_url, name_key);


--
-- Name: collection_entry uid_collection__collect_ef7249; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_entry
    ADD CONSTRAINT uid_collection__collect_ef7249 UNIQUE (collection_id, software_id);


--
-- Name: decision uid_decision_softwar_01eafd; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT uid_decision_softwar_01eafd UNIQUE (software_id, version);


--
-- Name: federated_entry uid_federated_e_catalog_a99089; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.federated_entry
    ADD CONSTRAINT uid_federated_e_catalog_a99089 UNIQUE (catalogue_url, remote_id);


--
-- Name: membership uid_membership_user_id_896008; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT uid_membership_user_id_896008 UNIQUE (user_id, organisation_id, role);


--
-- Name: repository_language uid_repository__reposit_5b18a3; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository_language
    ADD CONSTRAINT uid_repository__reposit_5b18a3 UNIQUE (repository_id, key);


--
-- Name: software_licence uid_software_li_softwar_794b33; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software_licence
    ADD CONSTRAINT uid_software_li_softwar_794b33 UNIQUE (software_id, identifier);


--
-- Name: tortoise_migrations uid_tortoise_mi_app_3803a5; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.tortoise_migrations
    ADD CONSTRAINT uid_tortoise_mi_app_3803a5 UNIQUE (app, name);


--
-- Name: web_session web_session_key_hash_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_session
    ADD CONSTRAINT web_session_key_hash_key UNIQUE (key_hash);


--
-- Name: web_session web_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_session
    ADD CONSTRAINT web_session_pkey PRIMARY KEY (id);


--
-- Name: webhook_delivery webhook_delivery_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery
    ADD CONSTRAINT webhook_delivery_pkey PRIMARY KEY (id);


--
-- Name: webhook webhook_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook
    ADD CONSTRAINT webhook_pkey PRIMARY KEY (id);


--
-- Name: idx_audit_event_action_3fd1cc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_event_action_3fd1cc ON public.audit_event USING btree (action);


--
-- Name: idx_audit_event_organis_bfd0e7; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_audit_event_organis_bfd0e7 ON public.audit_event USING btree (organisation_id);


--
-- Name: idx_decision_gr_code_b18d6a; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_decision_gr_code_b18d6a ON public.decision_ground USING btree (code, decision_id);


--
-- Name: idx_decision_organis_989df4; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_decision_organis_989df4 ON public.decision USING btree (organisation_id, state);


--
-- Name: idx_decision_state_a9950b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_decision_state_a9950b ON public.decision USING btree (state, decided_on);


--
-- Name: idx_dependency_key_4bd3ae; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_dependency_key_4bd3ae ON public.dependency USING btree (key, software_id);


--
-- Name: idx_dependency_softwar_e93fd0; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_dependency_softwar_e93fd0 ON public.dependency USING btree (software_id, source);


--
-- Name: idx_harvest_log_reposit_45d5c5; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_harvest_log_reposit_45d5c5 ON public.harvest_log USING btree (repository_id, id);


--
-- Name: idx_harvest_log_run_id_5029f2; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_harvest_log_run_id_5029f2 ON public.harvest_log USING btree (run_id, id);


--
-- Name: idx_repository__key_2a9e89; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_repository__key_2a9e89 ON public.repository_language USING btree (key, repository_id);


--
-- Name: idx_repository_account_7471a8; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_repository_account_7471a8 ON public.repository USING btree (account_id);


--
-- Name: idx_repository_softwar_ddcafd; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_repository_softwar_ddcafd ON public.repository USING btree (software_id);


--
-- Name: idx_software_created_868bfe; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_created_868bfe ON public.software USING btree (created_at, id);


--
-- Name: idx_software_li_identif_641363; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_li_identif_641363 ON public.software_licence USING btree (identifier, software_id);


--
-- Name: idx_software_organis_8f92f3; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_organis_8f92f3 ON public.software USING btree (organisation_id);


--
-- Name: idx_software_release_ccde2b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_release_ccde2b ON public.software USING btree (release_status);


--
-- Name: idx_software_sort_na_016847; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_sort_na_016847 ON public.software USING btree (sort_name, id);


--
-- Name: idx_software_updated_93dec8; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_software_updated_93dec8 ON public.software USING btree (updated_at, id);


--
-- Name: idx_webhook_del_status_5b6f00; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX idx_webhook_del_status_5b6f00 ON public.webhook_delivery USING btree (status, next_attempt_at);


--
-- Name: api_token api_token_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.api_token
    ADD CONSTRAINT api_token_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;


--
-- Name: code_host_account code_host_account_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.code_host_account
    ADD CONSTRAINT code_host_account_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id) ON DELETE CASCADE;


--
-- Name: collection collection_created_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection
    ADD CONSTRAINT collection_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public.app_user(id) ON DELETE SET NULL;


--
-- Name: collection_entry collection_entry_collection_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_entry
    ADD CONSTRAINT collection_entry_collection_id_fkey FOREIGN KEY (collection_id) REFERENCES public.collection(id) ON DELETE CASCADE;


--
-- Name: collection_entry collection_entry_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.collection_entry
    ADD CONSTRAINT collection_entry_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE CASCADE;


--
-- Name: decision decision_approver_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_approver_id_fkey FOREIGN KEY (approver_id) REFERENCES public.app_user(id) ON DELETE SET NULL;


--
-- Name: decision decision_decider_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_decider_id_fkey FOREIGN KEY (decider_id) REFERENCES public.app_user(id) ON DELETE SET NULL;


--
-- Name: decision decision_drafted_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_drafted_by_id_fkey FOREIGN KEY (drafted_by_id) REFERENCES public.app_user(id) ON DELETE SET NULL;


--
-- Name: decision_ground decision_ground_decision_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision_ground
    ADD CONSTRAINT decision_ground_decision_id_fkey FOREIGN KEY (decision_id) REFERENCES public.decision(id) ON DELETE CASCADE;


--
-- Name: decision decision_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id) ON DELETE RESTRICT;


--
-- Name: decision decision_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE RESTRICT;


--
-- Name: decision decision_supersedes_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.decision
    ADD CONSTRAINT decision_supersedes_id_fkey FOREIGN KEY (supersedes_id) REFERENCES public.decision(id) ON DELETE RESTRICT;


--
-- Name: dependency dependency_sbom_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dependency
    ADD CONSTRAINT dependency_sbom_id_fkey FOREIGN KEY (sbom_id) REFERENCES public.sbom_document(id) ON DELETE CASCADE;


--
-- Name: dependency dependency_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.dependency
    ADD CONSTRAINT dependency_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE CASCADE;


--
-- Name: federated_entry federated_entry_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.federated_entry
    ADD CONSTRAINT federated_entry_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE CASCADE;


--
-- Name: harvest_log harvest_log_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_log
    ADD CONSTRAINT harvest_log_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.code_host_account(id) ON DELETE SET NULL;


--
-- Name: harvest_log harvest_log_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_log
    ADD CONSTRAINT harvest_log_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.repository(id) ON DELETE SET NULL;


--
-- Name: harvest_log harvest_log_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.harvest_log
    ADD CONSTRAINT harvest_log_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.harvest_run(id) ON DELETE CASCADE;


--
-- Name: membership membership_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id) ON DELETE CASCADE;


--
-- Name: membership membership_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.membership
    ADD CONSTRAINT membership_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;


--
-- Name: repository repository_account_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_account_id_fkey FOREIGN KEY (account_id) REFERENCES public.code_host_account(id) ON DELETE SET NULL;


--
-- Name: repository_language repository_language_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository_language
    ADD CONSTRAINT repository_language_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.repository(id) ON DELETE CASCADE;


--
-- Name: repository repository_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.repository
    ADD CONSTRAINT repository_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE SET NULL;


--
-- Name: sbom_document sbom_document_repository_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_document
    ADD CONSTRAINT sbom_document_repository_id_fkey FOREIGN KEY (repository_id) REFERENCES public.repository(id) ON DELETE SET NULL;


--
-- Name: sbom_document sbom_document_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sbom_document
    ADD CONSTRAINT sbom_document_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE CASCADE;


--
-- Name: software_licence software_licence_software_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software_licence
    ADD CONSTRAINT software_licence_software_id_fkey FOREIGN KEY (software_id) REFERENCES public.software(id) ON DELETE CASCADE;


--
-- Name: software software_organisation_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.software
    ADD CONSTRAINT software_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES public.organisation(id) ON DELETE RESTRICT;


--
-- Name: web_session web_session_user_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.web_session
    ADD CONSTRAINT web_session_user_id_fkey FOREIGN KEY (user_id) REFERENCES public.app_user(id) ON DELETE CASCADE;


--
-- Name: webhook webhook_created_by_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook
    ADD CONSTRAINT webhook_created_by_id_fkey FOREIGN KEY (created_by_id) REFERENCES public.app_user(id) ON DELETE SET NULL;


--
-- Name: webhook_delivery webhook_delivery_webhook_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.webhook_delivery
    ADD CONSTRAINT webhook_delivery_webhook_id_fkey FOREIGN KEY (webhook_id) REFERENCES public.webhook(id) ON DELETE CASCADE;


--
-- PostgreSQL database dump complete
--


