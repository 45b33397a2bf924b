import type { MessageParam } from './coded-error.ts';

/**
 * The till's own messages (errors, refusals, what the till knows about a payment) in every
 * language it speaks, keyed by a stable message id. The core, the shell and the CLI throw a
 * CodedError that names the id and its parameters; the renderer renders it in the chosen
 * language, the CLI in English, and the English rendering is also the error's `message` (the
 * text for logs and for a caller that knows no catalogue). Viva's eventIds have their own table
 * (event-reasons.ts); the screens' labels stay in renderer/src/lib/i18n.
 *
 * `{name}` is a placeholder. A message with a `count` may have plural forms, chosen by
 * Intl.PluralRules of the language (English and Greek both use `one` and `other`). A placeholder
 * whose name ends in `Minor` is an amount in minor units of the `currency` parameter (ISO 4217
 * alphabetic), written as money in the language's own way (12.50 € / 12,50 €).
 */
export type MessageLanguage = 'en' | 'el';
export interface PluralForms {
  one: string;
  other: string;
}
export type MessageTemplate = string | PluralForms;

export const MESSAGES_EN = {
  // Every error code has a general sentence: what a person sees for an error whose site was not
  // given its own message (a refusal only a programming error can reach), in their language.
  'code.invalid-input': 'The request was not valid; nothing was done.',
  'code.foreign-sender': 'The request did not come from the till itself; nothing was done.',
  'code.unknown-channel': 'The till does not know this request; nothing was done.',
  'code.internal': 'Something went wrong in the till; the details are in the log (Help > Export diagnostics).',
  'code.starting': 'The till is still starting.',
  'code.needs-credentials': 'The Viva credentials for this environment are not entered.',
  'code.core-failed': 'The till could not start.',
  'code.payment-in-progress': 'A payment is on a terminal: this cannot change now.',
  'code.no-terminal': 'No terminal was chosen and no default terminal is set.',
  'code.not-https': 'Only secure (https) links can be opened.',
  'code.save-failed': 'The file could not be saved.',
  'code.not-simulator': 'The virtual terminal exists only in the Simulator environment.',
  'code.simulator-refused': 'The simulated terminal refused this action.',
  'code.not-ready': 'The till is still getting ready.',
  'code.journal-unwritable': 'The journal cannot be written: no new payment is taken.',
  'code.engine-busy': 'Another Cloud ECR process is taking payments with this journal.',
  'code.terminal-busy': 'The terminal is busy with another payment.',
  'code.unresolved-unknown': 'An earlier payment for this sale has an unknown outcome: the customer may have been charged.',
  'code.parent-not-found': "The original payment is not in this till's journal.",
  'code.parent-not-refundable': 'This payment cannot be refunded or completed.',
  'code.refund-exceeds-remaining': 'The amount is more than what can still be refunded.',
  'code.currency-mismatch': 'The currency is not the one of the original payment.',
  'code.session-not-found': "The payment is not in this till's journal.",
  'code.not-abortable': 'This payment has already finished; it cannot be aborted.',
  'code.not-resolvable': 'This cannot be resolved that way.',
  'code.stopped': 'The payment engine is shutting down.',
  'code.newer-schema': 'The journal was written by a newer Cloud ECR; it was left untouched.',
  'code.corrupt': 'The journal file is damaged.',
  'code.read-only': 'The journal cannot be written (read-only).',
  'code.disk-full': 'The disk that holds the journal is full.',
  'code.busy': "Another program holds the journal's write lock.",
  'code.io': 'The operating system failed to read or write the journal.',
  'code.not-found': 'Not found.',
  'code.cannot-open': 'The journal cannot be opened.',
  'code.wrong-environment': 'The journal belongs to another environment.',
  'code.duplicate-session': 'A payment with this session id is already in the journal.',
  'code.unknown-session': "The payment is not in this till's journal.",
  'code.illegal-transition': 'This step is not allowed in the payment’s current state.',
  'code.secret-in-payload': 'Something that looks like a credential was about to be written; nothing was written.',
  'code.invalid-business-day': 'The business day settings or the day are not valid.',
  'code.day-closed': 'The business day is already closed.',
  'code.closed': 'The journal is closed.',
  'code.auth': "Viva did not accept the till's access.",
  'code.validation': 'Viva refused the request as invalid.',
  'code.forbidden': 'Viva refused this request.',
  'code.conflict': 'Viva already has a request with this session id.',
  'code.rate-limited': 'Viva asked the till to slow down (too many requests).',
  'code.server': "Viva's service had a problem.",
  'code.network': 'The till could not reach Viva.',
  'code.timeout': 'Viva did not answer in time.',
  'code.malformed-response': 'Viva sent an answer the till cannot read.',
  'code.invalid-amount': 'The amount is not valid.',
  'code.unknown-currency': 'The till does not know this currency.',
  'code.invalid-settings': 'Some settings are not valid.',
  'code.settings-unavailable': 'The settings cannot be read or saved.',
  'code.keychain-unavailable': 'The system keychain cannot be used, so credentials cannot be stored.',
  'code.invalid-secret': 'The credentials are not valid.',
  'code.unknown-difference': 'This difference is not open any more.',
  'code.viva-unreachable': 'Viva could not be reached.',
  'code.refund-unavailable': 'A refund cannot be started from here.',
  'code.unknown-sessions': 'Payments of the day have an unknown outcome.',
  'code.sessions-in-progress': 'Payments of the day are still on a terminal.',
  'code.usage': 'The command was not given the right arguments.',
  'code.native-module-unavailable': 'A part of the till could not be loaded.',
  // head office and attention
  'code.invalid-url': 'The head office address is not a valid PostgreSQL connection URL.',
  'code.insecure-url': 'The head office is not on this machine, so its connection must use TLS (sslmode=require).',
  'code.unreachable': 'The head office could not be reached. The till keeps its journal and pushes it when the connection returns.',
  'code.auth-failed': 'The head office refused the user name or password.',
  'code.schema-missing': 'The head office database is not set up yet: run ecr headoffice migrate.',
  'code.schema-newer': 'The head office database was set up by a newer version of Cloud ECR.',
  'code.till-claimed': 'Another machine already pushes as this till to the head office.',
  'code.invalid-identity': 'The shop or till id for the head office is not valid.',
  'code.unknown-till': 'The head office has no till with this id.',
  'code.journal-exists': 'This machine already has a journal with payments; it was not replaced.',
  'code.restore-failed': 'The journal could not be restored; nothing was changed.',
  'code.not-configured': 'No head office is set for this till.',
  'code.server-error': 'The head office database answered with an error.',
  'code.not-decidable': 'This payment is not waiting for that decision.',

  // payments
  'payment.terminal-busy': 'Terminal {terminal} is still busy with another payment ({session}, {state}). Wait for it to finish or abort it first.',
  'payment.unresolved-unknown': 'An earlier payment for "{reference}" has an unknown outcome: the customer may have been charged. Check it again or resolve it before charging again.',
  'payment.unresolved-unknown-same-amount': 'An earlier payment of the same amount ({totalMinor}) on terminal {terminal} has an unknown outcome: the customer may have been charged. Settle it before charging this sale again; for another customer, give the sale a reference or use another terminal.',
  'payment.parent-not-found': "This till's journal has no payment {session}.",
  'payment.preauth-not-found': "This till's journal has no pre-authorisation {session}.",
  'payment.not-refundable': 'Only an approved sale can be refunded; {session} is not one.',
  'payment.not-completable': 'Only an approved pre-authorisation can be completed; {session} is not one.',
  'payment.completion-exceeds': 'A completion cannot capture more than the pre-authorised amount.',
  'payment.refund-exceeds': 'At most {remainingMinor} can still be refunded ({refundedMinor} of {totalMinor} already refunded or being refunded).',
  'payment.session-not-found': "There is no payment {session} in this till's journal.",
  'payment.not-abortable': 'This payment has already finished; it cannot be aborted.',
  'payment.not-resolvable': 'Only a payment with an unknown outcome can be resolved by hand.',
  'payment.stopped': 'The payment engine is shutting down.',
  'payment.locked-out': 'Another Cloud ECR process (pid {pid} on {host}) holds this journal; this one takes no payments until it is free.',
  'payment.engine-busy': 'Another Cloud ECR process (pid {pid} on {host}) is taking payments with this journal. Use that one, or close it first; the journal can still be read.',
  'payment.recovering': 'The till is still recovering earlier payments.',
  'payment.journal-damaged': 'The journal file is damaged: no payment can be recorded in it. Keep a copy of the file, restore the journal from a backup or contact support; the journal can still be read and exported.',
  'payment.journal-unwritable': 'The journal cannot be written, so no new payment is taken until it can be written again.',
  'payment.not-started': 'The journal could not record the payment, so it was not started: nobody was charged.',
  'payment.not-sent': 'The journal could not record the request before sending it, so it was not sent to the terminal: nobody was charged.',
  'payment.tip-on-preauth': 'A tip cannot be added to a pre-authorisation.',
  'payment.over-limit': 'The amount and the tip together are larger than the till accepts in one payment.',
  'payment.bad-session-id': 'Invalid session id: use letters, digits and - _ . : only, as in a UUID.',

  // Viva's answers, as the till understands them
  'viva.network': 'The till could not reach Viva.',
  'viva.timeout': 'Viva did not answer within {seconds} s.',
  'viva.no-answer': 'Viva sent no readable answer.',
  'viva.not-json': 'Viva sent an answer that is not valid JSON.',
  'viva.validation': 'Viva refused the request as invalid.',
  'viva.auth': "Viva did not accept the till's access. Check the POS API credentials in Settings.",
  'viva.auth-again': 'Viva refused the access token even after a fresh one was issued. Check that the POS API credentials in Settings belong to this merchant.',
  'viva.forbidden': 'Viva refused this request.',
  'viva.not-found': 'Viva could not find what this request refers to.',
  'viva.conflict': 'Viva already has a request with this session id.',
  'viva.rate-limited': 'Viva asked the till to slow down (too many requests).',
  'viva.server': "Viva's service had a problem (HTTP {status}).",
  'viva.unexpected-status': 'Viva answered with an unexpected HTTP status {status}.',
  'viva.dispatch-conflict': 'Viva already has a session with this id, so the request was not started again. Check that session before trying anything else.',
  'viva.not-enabled': 'Viva answered that this operation does not exist for this account (it may not be enabled). Nothing was started; ask Viva to enable it.',
  'viva.parent-unknown': 'Viva could not find the original payment this request refers to. Nothing was started.',
  'viva.abort-forbidden': 'Viva refused to abort: only the cash register that started this payment can abort it.',
  'viva.abort-conflict': 'An abort of this payment is already in progress.',
  'viva.abort-not-found': 'Viva does not know this payment session, so there is nothing to abort.',
  'viva.no-credentials': 'The Viva POS API client ID and client secret are not set. Enter them in Settings.',

  // What the till knows about a payment that ended without Viva's word (SessionRecord.error)
  'session.error.network': 'The till could not reach Viva while sending this payment.',
  'session.error.timeout': 'Viva did not answer in time while this payment was being sent.',
  'session.error.server': "Viva's service had a problem while this payment was being sent.",
  'session.error.malformed-response': 'Viva answered with something the till cannot read while this payment was being sent.',
  'session.error.conflict': 'Viva already had a request with this session id.',
  'session.error.unexpected': 'Sending this payment failed in an unexpected way.',
  'session.error.interrupted': 'Sending this payment was interrupted; Viva may have received it.',
  'session.error.validation': 'Viva refused the request as invalid: it never reached the terminal.',
  'session.error.auth': "Viva did not accept the till's access: the payment was not sent.",
  'session.error.forbidden': 'Viva refused the request: the payment was not sent.',
  'session.error.not-found': 'Viva does not know this operation or the original payment: the payment was not sent.',
  'session.error.rate-limited': 'Viva asked the till to slow down: the payment was not sent.',
  'session.error.never-sent': 'The request was never sent: nobody was charged.',
  'session.error.journal-unwritable': 'The journal could not record the request, so it was not sent: nobody was charged.',
  'session.error.deadline-passed': 'No result came in time, so the till asked the terminal to abort.',
  'session.error.other': 'The payment did not complete.',

  // settings
  'settings.invalid': 'Some settings are not valid.',
  'settings.field.currency': '{currency} is not a currency the till knows (ISO 4217).',
  'settings.field.time-zone': '"{timeZone}" is not a time zone this computer knows. Use a name such as Europe/Athens.',
  'field.invalid': 'This value is not valid.',

  // the connection test (Settings)
  'connection.ok': { one: 'Connected to Viva: {count} live terminal ({terminals}).', other: 'Connected to Viva: {count} live terminals ({terminals}).' },
  'connection.not-configured': 'Enter the POS API client id and client secret first (Viva self-care: Settings > API Access).',
  'connection.no-devices': 'Connected to Viva, but this account has no terminal. Activate the Viva.com Terminal app on a device with this account.',
  'connection.none-live': {
    one: "Connected to Viva, but the account's only terminal is not live. Activate it in Viva self-care.",
    other: "Connected to Viva, but none of the account's {count} terminals is live. Activate one in Viva self-care.",
  },
  'connection.bad-credentials': 'Viva did not accept the client id or client secret. Check both in Settings (they are the POS API credentials, not the Smart Checkout ones).',
  'connection.forbidden': 'Viva accepted the credentials but refused access to the Cloud Terminal API. Use POS API credentials of the merchant account that owns the terminals.',
  'connection.no-network': "Viva could not be reached. Check this computer's internet connection (and any proxy or firewall), then try again.",
  'connection.viva-error': 'Viva answered with an error.',
  'connection.unexpected': 'The connection test failed unexpectedly; see the log for details.',

  // end of day
  'report.override-needs-reason': 'Closing a day with unknown payments needs the reason and who decides.',
  'report.day-not-started': 'Business day {day} has not started yet; it cannot be closed.',
  'report.day-closed': 'Business day {day} is already closed (Z report {number}).',
  'report.sessions-in-progress': {
    one: '{count} payment of {day} is still on a terminal ({sessions}); close the day once it has finished.',
    other: '{count} payments of {day} are still on a terminal ({sessions}); close the day once they have finished.',
  },
  'report.unknown-sessions': {
    one: '{count} payment of {day} has an unknown outcome ({sessions}): resolve it first, or close with an override and a reason.',
    other: '{count} payments of {day} have an unknown outcome ({sessions}): resolve them first, or close with an override and a reason.',
  },
  'report.bad-day': 'The {what} must be a date like 2026-03-10.',
  'report.range-reversed': 'The range {from} .. {to} ends before it starts.',

  // the shell
  'shell.starting': 'The till is starting (recovering earlier payments).',
  'shell.closing': 'The till is shutting down.',
  'shell.needs-credentials': 'Enter the Viva POS API client id and client secret for {environment} in Settings. The journal can be read meanwhile.',
  'shell.payment-in-progress': 'A payment is in progress on terminal {terminal}: the environment and these settings cannot change until it has finished.',
  'shell.no-terminal': 'No terminal was chosen and no default terminal is set.',
} as const satisfies Record<string, MessageTemplate>;

export type MessageId = keyof typeof MESSAGES_EN;

type Shaped<T> = T extends string ? string : PluralForms;
export type MessageCatalogue = { readonly [K in MessageId]: Shaped<(typeof MESSAGES_EN)[K]> };

export const MESSAGES_EL: MessageCatalogue = {
  'code.invalid-input': 'Το αίτημα δεν ήταν έγκυρο· δεν έγινε τίποτα.',
  'code.foreign-sender': 'Το αίτημα δεν ήρθε από το ίδιο το ταμείο· δεν έγινε τίποτα.',
  'code.unknown-channel': 'Το ταμείο δεν γνωρίζει αυτό το αίτημα· δεν έγινε τίποτα.',
  'code.internal': 'Κάτι πήγε στραβά στο ταμείο· οι λεπτομέρειες είναι στο αρχείο καταγραφής (Βοήθεια > Εξαγωγή διαγνωστικών).',
  'code.starting': 'Το ταμείο ξεκινά ακόμη.',
  'code.needs-credentials': 'Δεν έχουν καταχωριστεί τα διαπιστευτήρια Viva για αυτό το περιβάλλον.',
  'code.core-failed': 'Το ταμείο δεν μπόρεσε να ξεκινήσει.',
  'code.payment-in-progress': 'Μια πληρωμή βρίσκεται σε τερματικό: αυτό δεν μπορεί να αλλάξει τώρα.',
  'code.no-terminal': 'Δεν επιλέχθηκε τερματικό και δεν έχει οριστεί προεπιλεγμένο.',
  'code.not-https': 'Ανοίγουν μόνο ασφαλείς (https) σύνδεσμοι.',
  'code.save-failed': 'Το αρχείο δεν αποθηκεύτηκε.',
  'code.not-simulator': 'Το εικονικό τερματικό υπάρχει μόνο στο περιβάλλον του Προσομοιωτή.',
  'code.simulator-refused': 'Το προσομοιωμένο τερματικό αρνήθηκε αυτή την ενέργεια.',
  'code.not-ready': 'Το ταμείο ετοιμάζεται ακόμη.',
  'code.journal-unwritable': 'Το βιβλίο συναλλαγών δεν μπορεί να γραφτεί: δεν γίνεται δεκτή νέα πληρωμή.',
  'code.engine-busy': 'Άλλη διεργασία Cloud ECR δέχεται πληρωμές με αυτό το βιβλίο συναλλαγών.',
  'code.terminal-busy': 'Το τερματικό είναι απασχολημένο με άλλη πληρωμή.',
  'code.unresolved-unknown': 'Μια προηγούμενη πληρωμή για αυτή την πώληση έχει άγνωστη έκβαση: ο πελάτης μπορεί να χρεώθηκε.',
  'code.parent-not-found': 'Η αρχική πληρωμή δεν υπάρχει στο βιβλίο συναλλαγών αυτού του ταμείου.',
  'code.parent-not-refundable': 'Αυτή η πληρωμή δεν μπορεί να επιστραφεί ή να ολοκληρωθεί.',
  'code.refund-exceeds-remaining': 'Το ποσό είναι μεγαλύτερο από όσο μπορεί ακόμη να επιστραφεί.',
  'code.currency-mismatch': 'Το νόμισμα δεν είναι αυτό της αρχικής πληρωμής.',
  'code.session-not-found': 'Η πληρωμή δεν υπάρχει στο βιβλίο συναλλαγών αυτού του ταμείου.',
  'code.not-abortable': 'Αυτή η πληρωμή έχει ήδη ολοκληρωθεί· δεν μπορεί να διακοπεί.',
  'code.not-resolvable': 'Αυτό δεν μπορεί να διευθετηθεί με αυτόν τον τρόπο.',
  'code.stopped': 'Η μηχανή πληρωμών τερματίζει.',
  'code.newer-schema': 'Το βιβλίο συναλλαγών γράφτηκε από νεότερη έκδοση του Cloud ECR· δεν άλλαξε τίποτα.',
  'code.corrupt': 'Το αρχείο του βιβλίου συναλλαγών είναι κατεστραμμένο.',
  'code.read-only': 'Το βιβλίο συναλλαγών δεν μπορεί να γραφτεί (μόνο ανάγνωση).',
  'code.disk-full': 'Ο δίσκος του βιβλίου συναλλαγών είναι γεμάτος.',
  'code.busy': 'Άλλο πρόγραμμα κρατά το κλείδωμα εγγραφής του βιβλίου συναλλαγών.',
  'code.io': 'Το λειτουργικό σύστημα απέτυχε να διαβάσει ή να γράψει το βιβλίο συναλλαγών.',
  'code.not-found': 'Δεν βρέθηκε.',
  'code.cannot-open': 'Το βιβλίο συναλλαγών δεν μπορεί να ανοίξει.',
  'code.wrong-environment': 'Το βιβλίο συναλλαγών ανήκει σε άλλο περιβάλλον.',
  'code.duplicate-session': 'Υπάρχει ήδη πληρωμή με αυτό το αναγνωριστικό στο βιβλίο συναλλαγών.',
  'code.unknown-session': 'Η πληρωμή δεν υπάρχει στο βιβλίο συναλλαγών αυτού του ταμείου.',
  'code.illegal-transition': 'Αυτό το βήμα δεν επιτρέπεται στην τρέχουσα κατάσταση της πληρωμής.',
  'code.secret-in-payload': 'Κάτι που μοιάζει με διαπιστευτήριο επρόκειτο να γραφτεί· δεν γράφτηκε τίποτα.',
  'code.invalid-business-day': 'Οι ρυθμίσεις της εργάσιμης ημέρας ή η ημέρα δεν είναι έγκυρες.',
  'code.day-closed': 'Η εργάσιμη ημέρα έχει ήδη κλείσει.',
  'code.closed': 'Το βιβλίο συναλλαγών είναι κλειστό.',
  'code.auth': 'Η Viva δεν δέχτηκε την πρόσβαση του ταμείου.',
  'code.validation': 'Η Viva απέρριψε το αίτημα ως μη έγκυρο.',
  'code.forbidden': 'Η Viva αρνήθηκε αυτό το αίτημα.',
  'code.conflict': 'Η Viva έχει ήδη αίτημα με αυτό το αναγνωριστικό.',
  'code.rate-limited': 'Η Viva ζήτησε από το ταμείο να επιβραδύνει (πάρα πολλά αιτήματα).',
  'code.server': 'Η υπηρεσία της Viva είχε πρόβλημα.',
  'code.network': 'Το ταμείο δεν μπόρεσε να συνδεθεί με τη Viva.',
  'code.timeout': 'Η Viva δεν απάντησε εγκαίρως.',
  'code.malformed-response': 'Η Viva έστειλε απάντηση που το ταμείο δεν μπορεί να διαβάσει.',
  'code.invalid-amount': 'Το ποσό δεν είναι έγκυρο.',
  'code.unknown-currency': 'Το ταμείο δεν γνωρίζει αυτό το νόμισμα.',
  'code.invalid-settings': 'Κάποιες ρυθμίσεις δεν είναι έγκυρες.',
  'code.settings-unavailable': 'Οι ρυθμίσεις δεν μπορούν να διαβαστούν ή να αποθηκευτούν.',
  'code.keychain-unavailable': 'Η κλειδοθήκη του συστήματος δεν είναι διαθέσιμη, οπότε τα διαπιστευτήρια δεν μπορούν να αποθηκευτούν.',
  'code.invalid-secret': 'Τα διαπιστευτήρια δεν είναι έγκυρα.',
  'code.unknown-difference': 'Αυτή η διαφορά δεν είναι πλέον ανοιχτή.',
  'code.viva-unreachable': 'Δεν ήταν δυνατή η σύνδεση με τη Viva.',
  'code.refund-unavailable': 'Δεν μπορεί να ξεκινήσει επιστροφή χρημάτων από εδώ.',
  'code.unknown-sessions': 'Πληρωμές της ημέρας έχουν άγνωστη έκβαση.',
  'code.sessions-in-progress': 'Πληρωμές της ημέρας βρίσκονται ακόμη σε τερματικό.',
  'code.usage': 'Η εντολή δεν πήρε τα σωστά ορίσματα.',
  'code.native-module-unavailable': 'Ένα μέρος του ταμείου δεν μπόρεσε να φορτωθεί.',
  // head office and attention
  'code.invalid-url': 'Η διεύθυνση του κεντρικού γραφείου δεν είναι έγκυρη διεύθυνση σύνδεσης PostgreSQL.',
  'code.insecure-url': 'Το κεντρικό γραφείο δεν βρίσκεται σε αυτό τον υπολογιστή, οπότε η σύνδεση πρέπει να χρησιμοποιεί TLS (sslmode=require).',
  'code.unreachable': 'Δεν ήταν δυνατή η σύνδεση με το κεντρικό γραφείο. Το ταμείο κρατά το βιβλίο συναλλαγών του και το στέλνει μόλις επανέλθει η σύνδεση.',
  'code.auth-failed': 'Το κεντρικό γραφείο απέρριψε το όνομα χρήστη ή τον κωδικό.',
  'code.schema-missing': 'Η βάση του κεντρικού γραφείου δεν έχει στηθεί ακόμη: εκτελέστε ecr headoffice migrate.',
  'code.schema-newer': 'Η βάση του κεντρικού γραφείου στήθηκε από νεότερη έκδοση του Cloud ECR.',
  'code.till-claimed': 'Άλλος υπολογιστής στέλνει ήδη στο κεντρικό γραφείο ως αυτό το ταμείο.',
  'code.invalid-identity': 'Ο κωδικός καταστήματος ή ταμείου για το κεντρικό γραφείο δεν είναι έγκυρος.',
  'code.unknown-till': 'Το κεντρικό γραφείο δεν έχει ταμείο με αυτόν τον κωδικό.',
  'code.journal-exists': 'Αυτός ο υπολογιστής έχει ήδη βιβλίο συναλλαγών με πληρωμές· δεν αντικαταστάθηκε.',
  'code.restore-failed': 'Το βιβλίο συναλλαγών δεν μπόρεσε να επαναφερθεί· δεν άλλαξε τίποτα.',
  'code.not-configured': 'Δεν έχει οριστεί κεντρικό γραφείο για αυτό το ταμείο.',
  'code.server-error': 'Η βάση του κεντρικού γραφείου απάντησε με σφάλμα.',
  'code.not-decidable': 'Αυτή η πληρωμή δεν περιμένει αυτή την απόφαση.',

  'payment.terminal-busy': 'Το τερματικό {terminal} είναι ακόμη απασχολημένο με άλλη πληρωμή ({session}, {state}). Περιμένετε να ολοκληρωθεί ή διακόψτε την πρώτα.',
  'payment.unresolved-unknown': 'Μια προηγούμενη πληρωμή για «{reference}» έχει άγνωστη έκβαση: ο πελάτης μπορεί να χρεώθηκε. Ελέγξτε την ξανά ή διευθετήστε την πριν χρεώσετε ξανά.',
  'payment.unresolved-unknown-same-amount': 'Μια προηγούμενη πληρωμή του ίδιου ποσού ({totalMinor}) στο τερματικό {terminal} έχει άγνωστη έκβαση: ο πελάτης μπορεί να χρεώθηκε. Διευθετήστε την πριν χρεώσετε ξανά αυτή την πώληση· για άλλον πελάτη, δώστε στην πώληση αναφορά ή χρησιμοποιήστε άλλο τερματικό.',
  'payment.parent-not-found': 'Το βιβλίο συναλλαγών αυτού του ταμείου δεν έχει την πληρωμή {session}.',
  'payment.preauth-not-found': 'Το βιβλίο συναλλαγών αυτού του ταμείου δεν έχει την προέγκριση {session}.',
  'payment.not-refundable': 'Επιστροφή γίνεται μόνο για εγκεκριμένη πώληση· η {session} δεν είναι τέτοια.',
  'payment.not-completable': 'Ολοκληρώνεται μόνο εγκεκριμένη προέγκριση· η {session} δεν είναι τέτοια.',
  'payment.completion-exceeds': 'Η ολοκλήρωση δεν μπορεί να χρεώσει περισσότερα από το ποσό της προέγκρισης.',
  'payment.refund-exceeds': 'Μπορούν να επιστραφούν το πολύ {remainingMinor} ({refundedMinor} από {totalMinor} έχουν ήδη επιστραφεί ή επιστρέφονται).',
  'payment.session-not-found': 'Δεν υπάρχει πληρωμή {session} στο βιβλίο συναλλαγών αυτού του ταμείου.',
  'payment.not-abortable': 'Αυτή η πληρωμή έχει ήδη ολοκληρωθεί· δεν μπορεί να διακοπεί.',
  'payment.not-resolvable': 'Μόνο πληρωμή με άγνωστη έκβαση διευθετείται χειροκίνητα.',
  'payment.stopped': 'Η μηχανή πληρωμών τερματίζει.',
  'payment.locked-out': 'Άλλη διεργασία Cloud ECR (pid {pid} στο {host}) κρατά αυτό το βιβλίο συναλλαγών· αυτό το ταμείο δεν δέχεται πληρωμές μέχρι να ελευθερωθεί.',
  'payment.engine-busy': 'Άλλη διεργασία Cloud ECR (pid {pid} στο {host}) δέχεται πληρωμές με αυτό το βιβλίο συναλλαγών. Χρησιμοποιήστε εκείνη ή κλείστε την πρώτα· το βιβλίο διαβάζεται κανονικά.',
  'payment.recovering': 'Το ταμείο ανακτά ακόμη προηγούμενες πληρωμές.',
  'payment.journal-damaged': 'Το αρχείο του βιβλίου συναλλαγών είναι κατεστραμμένο: καμία πληρωμή δεν μπορεί να καταγραφεί. Κρατήστε αντίγραφο του αρχείου, επαναφέρετε το βιβλίο από αντίγραφο ασφαλείας ή καλέστε την υποστήριξη· το βιβλίο διαβάζεται και εξάγεται κανονικά.',
  'payment.journal-unwritable': 'Το βιβλίο συναλλαγών δεν μπορεί να γραφτεί, οπότε δεν γίνεται δεκτή νέα πληρωμή μέχρι να γράφεται ξανά.',
  'payment.not-started': 'Το βιβλίο συναλλαγών δεν μπόρεσε να καταγράψει την πληρωμή, οπότε δεν ξεκίνησε: κανείς δεν χρεώθηκε.',
  'payment.not-sent': 'Το βιβλίο συναλλαγών δεν μπόρεσε να καταγράψει το αίτημα πριν σταλεί, οπότε δεν στάλθηκε στο τερματικό: κανείς δεν χρεώθηκε.',
  'payment.tip-on-preauth': 'Δεν μπορεί να προστεθεί φιλοδώρημα σε προέγκριση.',
  'payment.over-limit': 'Το ποσό μαζί με το φιλοδώρημα ξεπερνά όσα δέχεται το ταμείο σε μία πληρωμή.',
  'payment.bad-session-id': 'Μη έγκυρο αναγνωριστικό: μόνο γράμματα, ψηφία και - _ . :, όπως σε ένα UUID.',

  'viva.network': 'Το ταμείο δεν μπόρεσε να συνδεθεί με τη Viva.',
  'viva.timeout': 'Η Viva δεν απάντησε μέσα σε {seconds} δευτ.',
  'viva.no-answer': 'Η Viva δεν έστειλε αναγνώσιμη απάντηση.',
  'viva.not-json': 'Η Viva έστειλε απάντηση που δεν είναι έγκυρο JSON.',
  'viva.validation': 'Η Viva απέρριψε το αίτημα ως μη έγκυρο.',
  'viva.auth': 'Η Viva δεν δέχτηκε την πρόσβαση του ταμείου. Ελέγξτε τα διαπιστευτήρια POS API στις Ρυθμίσεις.',
  'viva.auth-again': 'Η Viva αρνήθηκε το διακριτικό πρόσβασης ακόμη και μετά την έκδοση νέου. Ελέγξτε ότι τα διαπιστευτήρια POS API στις Ρυθμίσεις ανήκουν σε αυτόν τον έμπορο.',
  'viva.forbidden': 'Η Viva αρνήθηκε αυτό το αίτημα.',
  'viva.not-found': 'Η Viva δεν βρήκε αυτό στο οποίο αναφέρεται το αίτημα.',
  'viva.conflict': 'Η Viva έχει ήδη αίτημα με αυτό το αναγνωριστικό.',
  'viva.rate-limited': 'Η Viva ζήτησε από το ταμείο να επιβραδύνει (πάρα πολλά αιτήματα).',
  'viva.server': 'Η υπηρεσία της Viva είχε πρόβλημα (HTTP {status}).',
  'viva.unexpected-status': 'Η Viva απάντησε με απροσδόκητη κατάσταση HTTP {status}.',
  'viva.dispatch-conflict': 'Η Viva έχει ήδη συναλλαγή με αυτό το αναγνωριστικό, οπότε το αίτημα δεν ξεκίνησε ξανά. Ελέγξτε εκείνη τη συναλλαγή πριν δοκιμάσετε οτιδήποτε άλλο.',
  'viva.not-enabled': 'Η Viva απάντησε ότι αυτή η λειτουργία δεν υπάρχει για αυτόν τον λογαριασμό (ίσως δεν είναι ενεργή). Δεν ξεκίνησε τίποτα· ζητήστε από τη Viva να την ενεργοποιήσει.',
  'viva.parent-unknown': 'Η Viva δεν βρήκε την αρχική πληρωμή στην οποία αναφέρεται το αίτημα. Δεν ξεκίνησε τίποτα.',
  'viva.abort-forbidden': 'Η Viva αρνήθηκε τη διακοπή: μόνο η ταμειακή που ξεκίνησε την πληρωμή μπορεί να τη διακόψει.',
  'viva.abort-conflict': 'Μια διακοπή αυτής της πληρωμής είναι ήδη σε εξέλιξη.',
  'viva.abort-not-found': 'Η Viva δεν γνωρίζει αυτή τη συναλλαγή, οπότε δεν υπάρχει κάτι να διακοπεί.',
  'viva.no-credentials': 'Δεν έχουν οριστεί το client ID και το client secret του Viva POS API. Καταχωρίστε τα στις Ρυθμίσεις.',

  'session.error.network': 'Το ταμείο δεν μπόρεσε να συνδεθεί με τη Viva κατά την αποστολή αυτής της πληρωμής.',
  'session.error.timeout': 'Η Viva δεν απάντησε εγκαίρως κατά την αποστολή αυτής της πληρωμής.',
  'session.error.server': 'Η υπηρεσία της Viva είχε πρόβλημα κατά την αποστολή αυτής της πληρωμής.',
  'session.error.malformed-response': 'Η Viva απάντησε με κάτι που το ταμείο δεν μπορεί να διαβάσει κατά την αποστολή αυτής της πληρωμής.',
  'session.error.conflict': 'Η Viva είχε ήδη αίτημα με αυτό το αναγνωριστικό.',
  'session.error.unexpected': 'Η αποστολή αυτής της πληρωμής απέτυχε με απροσδόκητο τρόπο.',
  'session.error.interrupted': 'Η αποστολή αυτής της πληρωμής διακόπηκε· η Viva μπορεί να τη έλαβε.',
  'session.error.validation': 'Η Viva απέρριψε το αίτημα ως μη έγκυρο: δεν έφτασε ποτέ στο τερματικό.',
  'session.error.auth': 'Η Viva δεν δέχτηκε την πρόσβαση του ταμείου: η πληρωμή δεν στάλθηκε.',
  'session.error.forbidden': 'Η Viva αρνήθηκε το αίτημα: η πληρωμή δεν στάλθηκε.',
  'session.error.not-found': 'Η Viva δεν γνωρίζει αυτή τη λειτουργία ή την αρχική πληρωμή: η πληρωμή δεν στάλθηκε.',
  'session.error.rate-limited': 'Η Viva ζήτησε από το ταμείο να επιβραδύνει: η πληρωμή δεν στάλθηκε.',
  'session.error.never-sent': 'Το αίτημα δεν στάλθηκε ποτέ: κανείς δεν χρεώθηκε.',
  'session.error.journal-unwritable': 'Το βιβλίο συναλλαγών δεν μπόρεσε να καταγράψει το αίτημα, οπότε δεν στάλθηκε: κανείς δεν χρεώθηκε.',
  'session.error.deadline-passed': 'Δεν ήρθε αποτέλεσμα εγκαίρως, οπότε το ταμείο ζήτησε διακοπή από το τερματικό.',
  'session.error.other': 'Η πληρωμή δεν ολοκληρώθηκε.',

  'settings.invalid': 'Κάποιες ρυθμίσεις δεν είναι έγκυρες.',
  'settings.field.currency': 'Το {currency} δεν είναι νόμισμα που γνωρίζει το ταμείο (ISO 4217).',
  'settings.field.time-zone': 'Η «{timeZone}» δεν είναι ζώνη ώρας που γνωρίζει αυτός ο υπολογιστής. Χρησιμοποιήστε όνομα όπως Europe/Athens.',
  'field.invalid': 'Αυτή η τιμή δεν είναι έγκυρη.',

  'connection.ok': { one: 'Συνδέθηκε με τη Viva: {count} ενεργό τερματικό ({terminals}).', other: 'Συνδέθηκε με τη Viva: {count} ενεργά τερματικά ({terminals}).' },
  'connection.not-configured': 'Καταχωρίστε πρώτα το client id και το client secret του POS API (Viva self-care: Settings > API Access).',
  'connection.no-devices': 'Συνδέθηκε με τη Viva, αλλά αυτός ο λογαριασμός δεν έχει τερματικό. Ενεργοποιήστε την εφαρμογή Viva.com Terminal σε μια συσκευή με αυτόν τον λογαριασμό.',
  'connection.none-live': {
    one: 'Συνδέθηκε με τη Viva, αλλά το μοναδικό τερματικό του λογαριασμού δεν είναι ενεργό. Ενεργοποιήστε το στο Viva self-care.',
    other: 'Συνδέθηκε με τη Viva, αλλά κανένα από τα {count} τερματικά του λογαριασμού δεν είναι ενεργό. Ενεργοποιήστε ένα στο Viva self-care.',
  },
  'connection.bad-credentials': 'Η Viva δεν δέχτηκε το client id ή το client secret. Ελέγξτε τα στις Ρυθμίσεις (είναι τα διαπιστευτήρια POS API, όχι του Smart Checkout).',
  'connection.forbidden': 'Η Viva δέχτηκε τα διαπιστευτήρια αλλά αρνήθηκε την πρόσβαση στο Cloud Terminal API. Χρησιμοποιήστε διαπιστευτήρια POS API του λογαριασμού εμπόρου στον οποίο ανήκουν τα τερματικά.',
  'connection.no-network': 'Δεν ήταν δυνατή η σύνδεση με τη Viva. Ελέγξτε τη σύνδεση του υπολογιστή στο διαδίκτυο (και τυχόν proxy ή τείχος προστασίας) και δοκιμάστε ξανά.',
  'connection.viva-error': 'Η Viva απάντησε με σφάλμα.',
  'connection.unexpected': 'Ο έλεγχος σύνδεσης απέτυχε απροσδόκητα· δείτε το αρχείο καταγραφής.',

  'report.override-needs-reason': 'Το κλείσιμο ημέρας με πληρωμές άγνωστης έκβασης χρειάζεται την αιτία και ποιος αποφασίζει.',
  'report.day-not-started': 'Η εργάσιμη ημέρα {day} δεν έχει ξεκινήσει ακόμη· δεν μπορεί να κλείσει.',
  'report.day-closed': 'Η εργάσιμη ημέρα {day} έχει ήδη κλείσει (αναφορά Z {number}).',
  'report.sessions-in-progress': {
    one: '{count} πληρωμή της {day} βρίσκεται ακόμη σε τερματικό ({sessions})· κλείστε την ημέρα μόλις ολοκληρωθεί.',
    other: '{count} πληρωμές της {day} βρίσκονται ακόμη σε τερματικό ({sessions})· κλείστε την ημέρα μόλις ολοκληρωθούν.',
  },
  'report.unknown-sessions': {
    one: '{count} πληρωμή της {day} έχει άγνωστη έκβαση ({sessions}): διευθετήστε την πρώτα ή κλείστε με παράκαμψη και αιτία.',
    other: '{count} πληρωμές της {day} έχουν άγνωστη έκβαση ({sessions}): διευθετήστε τες πρώτα ή κλείστε με παράκαμψη και αιτία.',
  },
  'report.bad-day': 'Η τιμή «{what}» πρέπει να είναι ημερομηνία όπως 2026-03-10.',
  'report.range-reversed': 'Το διάστημα {from} .. {to} τελειώνει πριν αρχίσει.',

  'shell.starting': 'Το ταμείο ξεκινά (ανακτά προηγούμενες πληρωμές).',
  'shell.closing': 'Το ταμείο τερματίζει.',
  'shell.needs-credentials': 'Καταχωρίστε το client id και το client secret του Viva POS API για το περιβάλλον {environment} στις Ρυθμίσεις. Το βιβλίο συναλλαγών διαβάζεται κανονικά στο μεταξύ.',
  'shell.payment-in-progress': 'Μια πληρωμή βρίσκεται σε εξέλιξη στο τερματικό {terminal}: το περιβάλλον και αυτές οι ρυθμίσεις δεν αλλάζουν μέχρι να ολοκληρωθεί.',
  'shell.no-terminal': 'Δεν επιλέχθηκε τερματικό και δεν έχει οριστεί προεπιλεγμένο.',
};

export const MESSAGE_CATALOGUES: Readonly<Record<MessageLanguage, MessageCatalogue>> = { en: MESSAGES_EN, el: MESSAGES_EL };

const LOCALE_OF: Record<MessageLanguage, string> = { en: 'en-IE', el: 'el-GR' };

/** The catalogue's language for a BCP 47 tag (settings.language): "el-GR" speaks Greek, anything unknown English. */
export function messageLanguageOf(tag: string | null | undefined): MessageLanguage {
  const base = (tag ?? '').toLowerCase().split('-')[0];
  return base === 'el' ? 'el' : 'en';
}

export function isMessageId(value: unknown): value is MessageId {
  return typeof value === 'string' && Object.hasOwn(MESSAGES_EN, value);
}

/** The template of one message in one language, its plural form chosen by `count`. */
export function messageTemplate(language: MessageLanguage, id: MessageId, count?: number): string {
  const entry: MessageTemplate = MESSAGE_CATALOGUES[language][id];
  if (typeof entry === 'string') return entry;
  const form = new Intl.PluralRules(LOCALE_OF[language]).select(count ?? 0);
  return form === 'one' ? entry.one : entry.other;
}

/** One message with its `{placeholders}` filled; a missing value shows its name, so nothing is hidden. */
export function renderMessage(
  language: MessageLanguage,
  id: MessageId,
  params: Readonly<Record<string, MessageParam>> = {},
): string {
  const count = typeof params.count === 'number' ? params.count : undefined;
  return fillPlaceholders(messageTemplate(language, id, count), params, LOCALE_OF[language]);
}

export function fillPlaceholders(template: string, params: Readonly<Record<string, MessageParam | undefined>>, locale = 'en-IE'): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) return whole;
    if (name.endsWith('Minor') && typeof value === 'number' && typeof params.currency === 'string') {
      return moneyText(value, params.currency, locale);
    }
    // A fraction in the language's own way (0,15 in Greek); whole numbers (ids, counts) as they are.
    if (typeof value === 'number' && !Number.isInteger(value)) return new Intl.NumberFormat(locale).format(value);
    return String(value);
  });
}

function moneyText(minor: number, currency: string, locale: string): string {
  try {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency });
    const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
    return format.format(minor / 10 ** digits);
  } catch {
    return `${minor} ${currency}`;
  }
}

/** A message named by id, with the values it is built from: what a CodedError carries. */
export interface MessageRef {
  id: MessageId;
  params?: Readonly<Record<string, MessageParam>>;
  /** Added to the English text only (logs, the CLI): a technical detail such as the journal fault. */
  detail?: string;
}
