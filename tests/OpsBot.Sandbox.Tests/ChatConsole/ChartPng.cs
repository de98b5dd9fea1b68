using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace OpsBot.Sandbox.Tests.ChatConsole;

/// <summary>
/// A small PNG line chart (error rate of the canary against the stable version), drawn pixel by pixel, so that the stub
/// bot can upload a real image the way OpsBot uploads its chart, with no imaging library in the tests.
/// </summary>
internal static class ChartPng
{
    private const int Width = 360;
    private const int Height = 140;

    public static byte[] ErrorRateChart()
    {
        var pixels = new byte[Height, Width * 3];
        Fill(pixels, (255, 255, 255));
        for (var y = 20; y < Height; y += 30)
            Line(pixels, 30, y, Width - 10, y, (230, 230, 230));
        Line(pixels, 30, 10, 30, Height - 10, (120, 120, 120));
        Line(pixels, 30, Height - 10, Width - 10, Height - 10, (120, 120, 120));
        int[] stable = [100, 102, 99, 101, 100, 98, 100, 101, 99, 100];
        int[] canary = [100, 96, 90, 70, 52, 40, 34, 30, 31, 29];
        Plot(pixels, stable, (29, 155, 209));
        Plot(pixels, canary, (224, 30, 90));
        return Encode(pixels);
    }

    private static void Plot(byte[,] pixels, int[] ys, (byte R, byte G, byte B) color)
    {
        var step = (Width - 50) / (ys.Length - 1);
        for (var i = 1; i < ys.Length; i++)
        {
            for (var t = 0; t < 2; t++)
                Line(pixels, 35 + (i - 1) * step, ys[i - 1] + t, 35 + i * step, ys[i] + t, color);
        }
    }

    private static void Fill(byte[,] pixels, (byte R, byte G, byte B) color)
    {
        for (var y = 0; y < Height; y++)
            for (var x = 0; x < Width; x++)
                Set(pixels, x, y, color);
    }

    /// <summary>Bresenham's line.</summary>
    private static void Line(byte[,] pixels, int x0, int y0, int x1, int y1, (byte R, byte G, byte B) color)
    {
        int dx = Math.Abs(x1 - x0), sx = x0 < x1 ? 1 : -1, dy = -Math.Abs(y1 - y0), sy = y0 < y1 ? 1 : -1, err = dx + dy;
        while (true)
        {
            Set(pixels, x0, y0, color);
            if (x0 == x1 && y0 == y1)
                return;
            var e2 = 2 * err;
            if (e2 >= dy)
            {
                err += dy;
                x0 += sx;
            }
            if (e2 <= dx)
            {
                err += dx;
                y0 += sy;
            }
        }
    }

    private static void Set(byte[,] pixels, int x, int y, (byte R, byte G, byte B) color)
    {
        if (x is < 0 or >= Width || y is < 0 or >= Height)
            return;
        (pixels[y, x * 3], pixels[y, x * 3 + 1], pixels[y, x * 3 + 2]) = color;
    }

    private static byte[] Encode(byte[,] pixels)
    {
        using var raw = new MemoryStream();
        using (var z = new ZLibStream(raw, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < Height; y++)
            {
                z.WriteByte(0); // filter: none
                for (var x = 0; x < Width * 3; x++)
                    z.WriteByte(pixels[y, x]);
            }
        }
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, Width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), Height);
        header[8] = 8; // bit depth
        header[9] = 2; // truecolour RGB
        using var png = new MemoryStream();
        png.Write([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", raw.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream png, string type, byte[] data)
    {
        Span<byte> number = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(number, data.Length);
        png.Write(number);
        var typed = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        png.Write(typed);
        BinaryPrimitives.WriteUInt32BigEndian(number, Crc32(typed));
        png.Write(number);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? 0xEDB88320u ^ (crc >> 1) : crc >> 1;
        }
        return crc ^ 0xFFFFFFFFu;
    }
}
