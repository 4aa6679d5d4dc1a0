namespace RiskAlerts.Core.Industries;

/// <summary>A GB/T 4754-2017 section (门类) with the range of its two-digit divisions (大类).</summary>
/// <param name="Letter">Section letter, A to T.</param>
/// <param name="Name">Chinese name as in the standard.</param>
/// <param name="FirstDivision">First division in the section, e.g. 13 for C.</param>
/// <param name="LastDivision">Last division in the section, e.g. 43 for C.</param>
public sealed record IndustrySection(char Letter, string Name, int FirstDivision, int LastDivision)
{
    /// <summary>True when the two-digit division belongs to this section.</summary>
    public bool ContainsDivision(int division) => division >= FirstDivision && division <= LastDivision;
}

/// <summary>The sections of GB/T 4754-2017 《国民经济行业分类》 (with its 2019 amendment, which changed no section boundary).</summary>
public static class IndustryClassification
{
    /// <summary>Sections A to T in order.</summary>
    public static IReadOnlyList<IndustrySection> Sections { get; } =
    [
        new('A', "农、林、牧、渔业", 1, 5),
        new('B', "采矿业", 6, 12),
        new('C', "制造业", 13, 43),
        new('D', "电力、热力、燃气及水生产和供应业", 44, 46),
        new('E', "建筑业", 47, 50),
        new('F', "批发和零售业", 51, 52),
        new('G', "交通运输、仓储和邮政业", 53, 60),
        new('H', "住宿和餐饮业", 61, 62),
        new('I', "信息传输、软件和信息技术服务业", 63, 65),
        new('J', "金融业", 66, 69),
        new('K', "房地产业", 70, 70),
        new('L', "租赁和商务服务业", 71, 72),
        new('M', "科学研究和技术服务业", 73, 75),
        new('N', "水利、环境和公共设施管理业", 76, 79),
        new('O', "居民服务、修理和其他服务业", 80, 82),
        new('P', "教育", 83, 83),
        new('Q', "卫生和社会工作", 84, 85),
        new('R', "文化、体育和娱乐业", 86, 90),
        new('S', "公共管理、社会保障和社会组织", 91, 96),
        new('T', "国际组织", 97, 97),
    ];

    /// <summary>The section with this letter (case-insensitive), or null.</summary>
    public static IndustrySection? FindSection(char letter)
    {
        var index = SectionIndex(letter);
        return index < 0 ? null : Sections[index];
    }

    /// <summary>The section a two-digit division belongs to, or null when no section has it (e.g. 98).</summary>
    public static IndustrySection? SectionOfDivision(int division)
    {
        foreach (var section in Sections)
        {
            if (section.ContainsDivision(division))
            {
                return section;
            }
        }

        return null;
    }

    /// <summary>0 for A up to 19 for T; -1 for any other character.</summary>
    internal static int SectionIndex(char letter)
    {
        var upper = char.ToUpperInvariant(letter);
        return upper is >= 'A' and <= 'T' ? upper - 'A' : -1;
    }
}
