import type { AddressInfo } from "node:net";
import pg from "pg";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db, disconnectDb } from "@/lib/db/client.ts";
import { migrate } from "@/lib/db/migrate.ts";
import { assignAccountRole } from "@/lib/domain/accounts/assign-account-role.ts";
import { makeAccount, makeOpportunities } from "@/lib/domain/accounts/testing.ts";
import { transferBook } from "@/lib/domain/transfers/transfer-book.ts";
import { asContext, makeUser } from "@/test/factories.ts";
import { consumeChanges } from "./consume-changes.ts";
import { setPreferences } from "./preferences.ts";
import { listNotifications, markRead } from "./queries.ts";
import { sendDueEmails } from "./send-emails.ts";

// A database of this file's own: the feed has one notification consumer, and workers of other test
// files (without SMTP) would otherwise read these changes first. A real SMTP server on a free port.
type Mail = { to: string; subject: string; body: string };
const inbox: Mail[] = [];
let refuseNext = 0;
let smtp: SMTPServer;
let smtpUrl: string;

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  const name = `roster_notify_${process.pid}`;
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(process.env.DATABASE_URL!);
  url.pathname = `/${name}`;
  await migrate(url.toString());
  await disconnectDb();
  process.env.DATABASE_URL = url.toString();

  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ["STARTTLS"], logger: false,
    onData(stream, session, callback) {
      let raw = "";
      stream.on("data", (chunk) => { raw += chunk; });
      stream.on("end", () => {
        if (refuseNext > 0) {
          refuseNext -= 1;
          return callback(Object.assign(new Error("Try again later"), { responseCode: 451 }));
        }
        const subject = /^Subject: (.*)$/m.exec(raw)?.[1] ?? "";
        inbox.push({ to: session.envelope.rcptTo.map((rcpt) => rcpt.address).join(","), subject, body: raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, "127.0.0.1", resolve));
  smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
  process.env.SMTP_URL = smtpUrl;
});

afterAll(async () => {
  delete process.env.SMTP_URL;
  await new Promise<void>((resolve) => smtp.close(resolve));
  await disconnectDb();
});

beforeEach(async () => {
  // Start each test from the feed's end, with an empty inbox.
  await consumeChanges();
  await sendDueEmails({ smtpUrl });
  inbox.length = 0;
});

const mailTo = (email: string) => inbox.filter((mail) => mail.to === email.toLowerCase() || mail.to === email);

describe("notifications", () => {
  it("tell a CSM they were assigned (with what it stamped) and the previous one they were removed; not the person who did it", async () => {
    const manager = await makeUser("csm_manager");
    const [before, after] = [await makeUser("csm"), await makeUser("csm")];
    const account = await makeAccount({ name: "Globex Notify" });
    await makeOpportunities(account.id, 3);
    await assignAccountRole(asContext(manager), account.id, "csm", { userId: before.id });
    await assignAccountRole(asContext(manager), account.id, "csm", { userId: after.id });
    await consumeChanges();

    const mine = await listNotifications(after, { limit: 30 });
    expect(mine.unread).toBe(1);
    expect(mine.items[0]).toMatchObject({
      type: "role_assigned", title: "You are now the Customer Success Manager of Globex Notify", link: `/accounts/${account.id}`, readAt: null,
    });
    expect(mine.items[0]!.body).toContain("3 open opportunities now carry your name");
    const theirs = await listNotifications(before, { limit: 30 });
    expect(theirs.items.map((item) => item.type).sort()).toEqual(["role_assigned", "role_removed"]);
    expect((await listNotifications(manager, { limit: 30 })).items).toEqual([]);

    expect(await markRead(after, { ids: "all" })).toEqual({ unread: 0 });
    // Consuming again tells nobody anything twice.
    await consumeChanges();
    expect((await listNotifications(after, { limit: 30 })).items).toHaveLength(1);

    await sendDueEmails({ smtpUrl });
    expect(mailTo(after.email).map((mail) => mail.subject)).toEqual(["You are now the Customer Success Manager of Globex Notify"]);
    expect(mailTo(after.email)[0]!.body).toContain("/settings/notifications");
    expect(mailTo(before.email)).toHaveLength(2);
    expect(mailTo(manager.email)).toHaveLength(0);
  });

  it("send one notification and one email per person for a book transfer, however many accounts moved", async () => {
    const ops = await makeUser("sales_ops");
    const [from, to] = [await makeUser("csm"), await makeUser("csm")];
    for (let i = 0; i < 25; i++) {
      const account = await makeAccount();
      await assignAccountRole(asContext(ops), account.id, "csm", { userId: from.id });
    }
    await consumeChanges();
    await sendDueEmails({ smtpUrl });
    inbox.length = 0;
    await transferBook(asContext(ops), { roleKey: "csm", fromUserId: from.id, toUserId: to.id, dryRun: false });
    await consumeChanges();
    await sendDueEmails({ smtpUrl });

    const received = (await listNotifications(to, { limit: 30 })).items;
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ type: "role_assigned", title: "You are now the Customer Success Manager of 25 accounts", link: "/my-book" });
    expect((await listNotifications(from, { limit: 30 })).items.filter((item) => item.type === "role_removed")).toHaveLength(1);
    expect(mailTo(to.email)).toHaveLength(1);
    expect(mailTo(from.email)).toHaveLength(1);
  });

  it("honour preferences: nothing in the app, an email only, or a daily digest", async () => {
    const manager = await makeUser("csm_manager");
    const [quiet, digest] = [await makeUser("csm"), await makeUser("csm")];
    await setPreferences(quiet, { role_assigned: { inApp: false, email: true } });
    await setPreferences(digest, { dailyDigest: true });
    await assignAccountRole(asContext(manager), (await makeAccount()).id, "csm", { userId: quiet.id });
    await assignAccountRole(asContext(manager), (await makeAccount()).id, "csm", { userId: digest.id });
    await consumeChanges();
    await sendDueEmails({ smtpUrl });
    expect((await listNotifications(quiet, { limit: 30 })).items).toEqual([]);
    expect(mailTo(quiet.email)).toHaveLength(1);
    expect((await listNotifications(digest, { limit: 30 })).items).toHaveLength(1);
    expect(mailTo(digest.email)).toHaveLength(0);
    const waiting = await db.notificationEmail.findMany({ where: { userId: digest.id } });
    expect(waiting).toMatchObject([{ status: "pending", digest: true }]);
    expect(waiting[0]!.sendAfter.getUTCHours()).toBe(7);
  });

  it("retry a refused email later and lose nothing", async () => {
    const manager = await makeUser("csm_manager");
    const csm = await makeUser("csm");
    await assignAccountRole(asContext(manager), (await makeAccount()).id, "csm", { userId: csm.id });
    await consumeChanges();
    refuseNext = 1;
    expect(await sendDueEmails({ smtpUrl })).toMatchObject({ sent: 0, failed: 1 });
    expect(mailTo(csm.email)).toHaveLength(0);
    const [pending] = await db.notificationEmail.findMany({ where: { userId: csm.id } });
    expect(pending).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("Try again later") });
    // Its backoff is over (moved here instead of waiting 15 s).
    await db.notificationEmail.update({ where: { id: pending!.id }, data: { sendAfter: new Date() } });
    expect(await sendDueEmails({ smtpUrl })).toMatchObject({ sent: 1, failed: 0 });
    expect(mailTo(csm.email)).toHaveLength(1);
    expect(await sendDueEmails({ smtpUrl })).toMatchObject({ sent: 0 });
  });

  it("tell a seller about a CSQL routed to them and the CSM how it was decided; a manager when a rep goes over capacity", async () => {
    const { raiseCsql } = await import("@/lib/domain/csqls/raise-csql.ts");
    const { rejectCsql } = await import("@/lib/domain/csqls/reject-csql.ts");
    const leader = await makeUser("leader");
    const csm = await makeUser("csm");
    const seller = await makeUser("sales");
    await db.user.update({ where: { id: csm.id }, data: { managerId: leader.id, capacity: 1 } });
    const manager = await makeUser("csm_manager");
    const account = await makeAccount({ name: "Initech Notify" });
    await assignAccountRole(asContext(manager), account.id, "csm", { userId: csm.id });
    await assignAccountRole(asContext(manager), account.id, "account_executive", { userId: seller.id });
    await assignAccountRole(asContext(manager), (await makeAccount()).id, "csm", { userId: csm.id });
    const csql = await raiseCsql(asContext({ ...csm, profile: "csm" }), { accountId: account.id, title: "Bigger plan", kind: "expansion", description: null, contactName: null });
    await consumeChanges();
    expect((await listNotifications(seller, { limit: 30 })).items.map((item) => item.title)).toContain("New CSQL for you: Bigger plan");
    await rejectCsql(asContext({ ...seller, profile: "sales" }), csql.id, { reason: "No budget" });
    await consumeChanges();
    expect((await listNotifications(csm, { limit: 30 })).items.map((item) => item.title)).toContain("Your CSQL “Bigger plan” was rejected");
    const leaderSees = (await listNotifications(leader, { limit: 30 })).items;
    expect(leaderSees.map((item) => item.type)).toContain("over_capacity");
    expect(leaderSees.find((item) => item.type === "over_capacity")?.title).toMatch(/over capacity \(2\/1 accounts\)/);
  });

  it("tell admins when a webhook endpoint was switched off, once", async () => {
    const admin = await makeUser("admin");
    const endpoint = await db.webhookEndpoint.create({
      data: { url: "https://receiver.example/hook", eventTypes: [], secret: "whsec_dGVzdA==", fanoutPosition: 0n, active: false, disabledAt: new Date(), disabledReason: "The endpoint answered 410 Gone." },
      select: { id: true },
    });
    await consumeChanges();
    await consumeChanges();
    const mine = (await listNotifications(admin, { limit: 30 })).items.filter((item) => item.type === "webhook_disabled");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ title: "Webhook endpoint switched off: https://receiver.example/hook", link: `/admin/webhooks/${endpoint.id}` });
  });
});
