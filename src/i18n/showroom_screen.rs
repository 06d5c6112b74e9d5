//! The sales consultant's workstation: the day's and the next day's expected
//! visits, what the keys record, the prompts, and what the DCC agent's card
//! says of the showroom.

use super::Lang;

catalog! {
    enum ScreenWord;
    Title => "预约到店", "Expected visits";
    Today => "今天", "Today";
    Tomorrow => "明天", "Tomorrow";
    NoneThatDay => "  没有预约", "  none expected";
    NoVisit => "没有选中的预约", "No visit selected";
    Visit => "到店", "Visit";
    SetBy => "邀约", "Set by";
    HeadGrade => "级", "Gr";
    HeadConfirmed => "确认", "Conf";
    Confirmed => "已确认", "confirmed";
    NotConfirmed => "未确认", "not confirmed";
    ReceivedBy => "接待", "Received by";
    Status => "状态", "Status";
    ReceiveToSee => "接待后可看客户卡和完整号码", "Receive the customer to see the card and the full number";
    KeyArrived => "到店接待", "arrived";
    KeyNoShow => "未到店", "no-show";
    KeyDefeat => "展厅战败", "defeated";
    KeyFollowUp => "下次跟进", "follow-up";
    PromptDay => "下次跟进日期（如 明天、下周一、+3、2026-12-01）", "Follow-up day (e.g. tomorrow, next monday, +3, 2026-12-01)";
    OffTheList => "已不在预约名单上", "is no longer on the visit list";
    ReceivedByOther => "已由其他顾问接待：", "was received by another consultant:";
    ExpectedToday => "今日预约", "visits today";
    ArrivedToday => "已到店", "arrived";
    CardConsultant => "销售顾问", "Consultant";
    CardShowroom => "展厅", "Showroom";
}
