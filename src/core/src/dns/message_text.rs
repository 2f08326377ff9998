//! A DNS response in dnspython's text layout, the `response` value msticpy reports.
use std::fmt::Write;

use hickory_resolver::proto::op::Message;

/// Render `message` as dnspython's `Message.to_text()` lays it out: header lines, then
/// the question and the three record sections.
pub(crate) fn message_text(message: &Message) -> String {
    let meta = &message.metadata;
    let mut flags: Vec<&str> = Vec::new();
    if meta.message_type == hickory_resolver::proto::op::MessageType::Response {
        flags.push("QR");
    }
    for (on, name) in [
        (meta.authoritative, "AA"),
        (meta.truncation, "TC"),
        (meta.recursion_desired, "RD"),
        (meta.recursion_available, "RA"),
        (meta.authentic_data, "AD"),
        (meta.checking_disabled, "CD"),
    ] {
        if on {
            flags.push(name);
        }
    }
    let mut out = String::new();
    let _ = writeln!(out, "id {}", meta.id);
    let _ = writeln!(
        out,
        "opcode {}",
        format!("{:?}", meta.op_code).to_uppercase()
    );
    let _ = writeln!(out, "rcode {}", rcode_name(meta.response_code));
    let _ = writeln!(out, "flags {}", flags.join(" "));
    out.push_str(";QUESTION\n");
    for query in &message.queries {
        let _ = writeln!(
            out,
            "{} {} {}",
            query.name(),
            query.query_class(),
            query.query_type()
        );
    }
    for (title, records) in [
        (";ANSWER", &message.answers),
        (";AUTHORITY", &message.authorities),
        (";ADDITIONAL", &message.additionals),
    ] {
        out.push_str(title);
        out.push('\n');
        for record in records {
            let _ = writeln!(out, "{record}");
        }
    }
    out.pop();
    out
}

fn rcode_name(code: hickory_resolver::proto::op::ResponseCode) -> String {
    use hickory_resolver::proto::op::ResponseCode as R;
    match code {
        R::NoError => "NOERROR".into(),
        R::FormErr => "FORMERR".into(),
        R::ServFail => "SERVFAIL".into(),
        R::NXDomain => "NXDOMAIN".into(),
        R::NotImp => "NOTIMP".into(),
        R::Refused => "REFUSED".into(),
        other => format!("{other:?}").to_uppercase(),
    }
}
