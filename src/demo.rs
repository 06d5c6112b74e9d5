// PLACEHOLDER written by the lead engineer so the crate compiles; helper-2 replaces this whole file.
pub struct DemoOptions {
    pub leads: u64,
    pub seed: u64,
    pub supervisor_login: String,
    pub supervisor_name: String,
    pub now: chrono::NaiveDateTime,
}
pub struct DemoSummary {
    pub leads: u64,
    pub calls: u64,
    pub agents: usize,
    pub appointments: u64,
    pub events: u64,
    pub elapsed: std::time::Duration,
    pub file_bytes: u64,
}
pub fn generate(
    _path: &std::path::Path,
    _opts: &DemoOptions,
    _progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary, crate::store::StoreError> {
    Err(crate::store::StoreError::Invalid("placeholder".into()))
}
