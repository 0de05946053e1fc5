using System.Collections.Frozen;
using Sandbox.Host.Localization;

namespace Sandbox.Host.Console;

/// <summary>
/// The console's words: Chinese (zh-CN) by default, English with <c>?lang=en</c> (kept in a cookie). Each phrase is
/// written in English in the pages and looked up here; a phrase without a translation shows in English.
/// </summary>
public sealed class ConsoleText
{
    /// <summary>The cookie that keeps the chosen language.</summary>
    public const string CookieName = "sandbox_lang";

    private ConsoleText(bool english) => English = english;

    /// <summary>Chinese, the default.</summary>
    public static ConsoleText Chinese { get; } = new(false);

    /// <summary>English.</summary>
    public static ConsoleText EnglishText { get; } = new(true);

    /// <summary>True for English.</summary>
    public bool English { get; }

    /// <summary>The page's <c>lang</c> attribute.</summary>
    public string Lang => English ? "en" : "zh-CN";

    /// <summary>The phrase in this language.</summary>
    public string this[string english] => English || !Zh.TryGetValue(english, out var zh) ? english : zh;

    /// <summary>
    /// A domain message (a refusal, a resource not found, bad input) in this language, as the CLI and the API say it;
    /// <paramref name="english"/> when it has no id.
    /// </summary>
    internal string Say(LocalMessage? message, string english) =>
        message is null ? english : message.In(English ? UiLanguage.English : UiLanguage.Chinese);

    /// <summary>The language a request asks for: <c>?lang=</c>, else the cookie, else Chinese.</summary>
    public static ConsoleText Of(string? query, string? cookie) => (query ?? cookie) == "en" ? EnglishText : Chinese;

    private static readonly FrozenDictionary<string, string> Zh = new Dictionary<string, string>
    {
        ["Sandbox console"] = "数据沙箱 管理控制台",
        ["Sign in"] = "登录",
        ["Sign out"] = "退出登录",
        ["API token"] = "API 令牌",
        ["Paste the token issued for you (sandbox token issue PRINCIPAL)."] = "请粘贴为您签发的令牌（sandbox token issue PRINCIPAL）。",
        ["The token is not valid or has expired."] = "令牌无效或已过期。",
        ["Signed in as"] = "当前用户",
        ["Home"] = "首页",
        ["Review queue"] = "审核队列",
        ["Exports"] = "出域申请",
        ["Jobs"] = "作业",
        ["Grants"] = "授权",
        ["Audit"] = "审计",
        ["Language"] = "语言",
        ["All pending"] = "全部待办",
        ["Technical review"] = "技术审核",
        ["Comprehensive review"] = "综合审核",
        ["Cross-border review"] = "出境审核",
        ["Ready to release"] = "待发布",
        ["Finished"] = "已结束",
        ["Export"] = "出域申请",
        ["Age"] = "等待时长",
        ["Operator"] = "运营方",
        ["Requested by"] = "申请人",
        ["Grant"] = "授权",
        ["Verdict"] = "自动检查结论",
        ["State"] = "状态",
        ["Output"] = "输出",
        ["Job"] = "作业",
        ["Round"] = "轮次",
        ["Page"] = "页",
        ["of"] = "共",
        ["Previous"] = "上一页",
        ["Next"] = "下一页",
        ["exports"] = "条",
        ["Nothing here."] = "暂无内容。",
        ["Checks"] = "自动检查",
        ["Rule"] = "规则",
        ["Status"] = "结果",
        ["Detail"] = "说明",
        ["Flagged cells"] = "标记单元格",
        ["The output"] = "输出表",
        ["Highlighted cells were flagged by the checks; hover a cell for its reason."] = "高亮单元格为自动检查标记的单元格；鼠标悬停可查看原因。",
        ["Only reviewers see the output's rows; you see its checks and the flagged positions."] = "仅审核人员可查看输出内容；您可查看检查结果与被标记的位置。",
        ["The output is not a table and cannot be shown here."] = "该输出不是表格，无法在此显示。",
        ["Only the first rows are shown."] = "仅显示前若干行。",
        ["Query"] = "查询语句",
        ["Reviews"] = "审核记录",
        ["Reviewer"] = "审核人",
        ["Stage"] = "阶段",
        ["Decision"] = "决定",
        ["Note"] = "意见",
        ["At"] = "时间",
        ["Your decision"] = "审核决定",
        ["technical"] = "技术审核",
        ["comprehensive"] = "综合审核",
        ["cross-border"] = "出境审核",
        ["approve"] = "通过",
        ["return"] = "退回修改",
        ["reject"] = "驳回",
        ["Submit decision"] = "提交决定",
        ["The automatic checks failed: approving overrides them and needs a written justification (at least 20 characters)."] = "自动检查未通过：批准即为覆盖检查结论，须填写不少于 20 个字的书面理由。",
        ["Justification or note"] = "理由或意见",
        ["Release"] = "发布",
        ["Release the signed bundle"] = "生成并发布签名结果包",
        ["Download the released bundle"] = "下载已发布的结果包",
        ["Released as"] = "发布编号",
        ["Frozen"] = "已冻结",
        ["Outputs"] = "输出",
        ["Rows"] = "行数",
        ["Bytes"] = "字节",
        ["Kind"] = "类型",
        ["Backend"] = "执行后端",
        ["Created"] = "创建时间",
        ["Reason"] = "原因",
        ["Limits"] = "资源限制",
        ["Period"] = "期限",
        ["Zone"] = "运营域",
        ["Scenario"] = "应用场景",
        ["Publicity"] = "公示",
        ["working days left"] = "个工作日后结束",
        ["ends"] = "截止",
        ["Data requests"] = "数据需求申请",
        ["Columns"] = "字段",
        ["Filed by"] = "申请人",
        ["Alerts"] = "安全告警",
        ["Message"] = "内容",
        ["Acknowledged"] = "已确认",
        ["Chain verification"] = "链式校验",
        ["The audit chain verifies: no entry was edited, removed or reordered."] = "审计链校验通过：没有记录被修改、删除或重排。",
        ["The audit chain does NOT verify:"] = "审计链校验失败：",
        ["entries"] = "条记录",
        ["Filter"] = "筛选",
        ["Action"] = "操作",
        ["Actor"] = "操作人",
        ["Subject"] = "对象",
        ["Not found"] = "未找到",
        ["Not allowed"] = "无权操作",
        ["Refused"] = "已拒绝",
        ["Bad input"] = "输入有误",
        ["the form's CSRF token is missing or invalid"] = "表单的 CSRF 令牌缺失或无效",
        ["sign in first"] = "请先登录",
        ["Back"] = "返回",
        ["Your principal has no pages here."] = "您的身份在此没有可用页面。",
        ["pass"] = "通过",
        ["review"] = "需人工审核",
        ["fail"] = "未通过",
    }.ToFrozenDictionary(StringComparer.Ordinal);
}
