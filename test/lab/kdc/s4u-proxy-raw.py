#!/usr/bin/python3
"""Raw S4U2Proxy with an arbitrary evidence ticket, via ctypes on MIT libkrb5 (no extra package).

  s4u-proxy-raw.py SERVICE_CC EVIDENCE_CC EVIDENCE_SERVER TARGET OUT_CC

SERVICE_CC: the delegating host's TGT (e.g. KDC01$); EVIDENCE_CC: the user's ccache holding a
ticket user -> EVIDENCE_SERVER (any SPN of that host, e.g. HOST/kdc01.lab.test). Sends one
TGS-REQ (cname-in-addl-tkt, evidence ticket as additional ticket) for TARGET as the host and
stores the result (user -> TARGET) in OUT_CC. Exit 0 on success; otherwise exit 1 and one line
"<step>: FAILED: <code> <message>" on stdout.

This is the "Use Kerberos only" path of constrained delegation: a real forwardable user ticket
as evidence, no S4U2Self. kvno -P only does S4U2Self+Proxy, and MIT's GSSAPI only sends this
request when the evidence ticket's server name equals the service's own principal (KDC01$@REALM);
this bypasses that. Used by test/integration/kdc.test.ts; run it with /usr/bin/python3 (Debian's,
which loads libkrb5.so.3 from krb5-user's dependencies).
"""
import ctypes as C
import sys

k = C.CDLL("libkrb5.so.3")


class Data(C.Structure):
    _fields_ = [("magic", C.c_int32), ("length", C.c_uint), ("data", C.c_void_p)]


class Keyblock(C.Structure):
    _fields_ = [("magic", C.c_int32), ("enctype", C.c_int32), ("length", C.c_uint),
                ("contents", C.c_void_p)]


class Creds(C.Structure):
    _fields_ = [("magic", C.c_int32), ("client", C.c_void_p), ("server", C.c_void_p),
                ("keyblock", Keyblock), ("times", C.c_int32 * 4), ("is_skey", C.c_uint),
                ("ticket_flags", C.c_int32), ("addresses", C.c_void_p), ("ticket", Data),
                ("second_ticket", Data), ("authdata", C.c_void_p)]


k.krb5_get_error_message.restype = C.c_char_p
KRB5_GC_CANONICALIZE, KRB5_GC_NO_STORE, KRB5_GC_CONSTRAINED_DELEGATION = 4, 8, 64
ctx = C.c_void_p()


def chk(ret, what):
    if ret:
        msg = k.krb5_get_error_message(ctx, ret).decode()
        print(f"{what}: FAILED: {ret} {msg}")
        sys.exit(1)


def cc(name):
    h = C.c_void_p()
    chk(k.krb5_cc_resolve(ctx, name.encode(), C.byref(h)), f"cc_resolve {name}")
    return h


def princ(s):
    p = C.c_void_p()
    chk(k.krb5_parse_name(ctx, s.encode(), C.byref(p)), f"parse {s}")
    return p


def unparse(p):
    s = C.c_char_p()
    chk(k.krb5_unparse_name(ctx, p, C.byref(s)), "unparse")
    return s.value.decode()


def main(service_cc, evidence_cc, evidence_server, target, out_cc):
    chk(k.krb5_init_context(C.byref(ctx)), "init_context")
    svc, ev = cc(service_cc), cc(evidence_cc)
    me, user = C.c_void_p(), C.c_void_p()
    chk(k.krb5_cc_get_principal(ctx, svc, C.byref(me)), "service principal")
    chk(k.krb5_cc_get_principal(ctx, ev, C.byref(user)), "user principal")
    m, evc = Creds(), Creds()
    m.client, m.server = user, princ(evidence_server)
    chk(k.krb5_cc_retrieve_cred(ctx, ev, 0, C.byref(m), C.byref(evc)),
        f"evidence ticket {unparse(user)} -> {evidence_server}")
    print(f"evidence: {unparse(evc.client)} -> {unparse(evc.server)} "
          f"forwardable={bool(evc.ticket_flags & 0x40000000)}")
    inc, out = Creds(), C.POINTER(Creds)()
    inc.client, inc.server, inc.second_ticket = me, princ(target), evc.ticket
    chk(k.krb5_get_credentials(ctx, KRB5_GC_CONSTRAINED_DELEGATION | KRB5_GC_CANONICALIZE
                               | KRB5_GC_NO_STORE, svc, C.byref(inc), C.byref(out)),
        f"S4U2Proxy {unparse(me)} -> {target}")
    res = out.contents
    print(f"S4U2Proxy OK: {unparse(res.client)} -> {unparse(res.server)} "
          f"forwardable={bool(res.ticket_flags & 0x40000000)}")
    oc = cc(out_cc)
    chk(k.krb5_cc_initialize(ctx, oc, res.client), "out cc init")
    chk(k.krb5_cc_store_cred(ctx, oc, out), "out cc store")


if __name__ == "__main__":
    main(*sys.argv[1:])
