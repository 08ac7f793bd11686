//! The supplier's matching rules: normalise what a connection request and a member record say,
//! apply a `MatchPolicy`, and return an explainable `Decision` that maps to a status code.

pub mod case_fold;
pub mod decide;
pub mod index;
pub mod member;
pub mod normalize;
pub mod policy;
mod surname;
pub mod transliterate;
pub mod unicode;

pub use decide::{decide, decide_with, Candidates, Decision, Evidence, FieldOutcome, MatchStatus};
pub use index::{members_from_csv, members_from_json_lines, MemberIndex};
pub use member::{AccountState, DirectoryError, MatchRequest, MemberDirectory, MemberRecord};
pub use policy::{CheckDigit, MatchField, MatchPolicy, SurnameRule};
