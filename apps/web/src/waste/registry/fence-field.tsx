// A fence (GeoJSON polygon, WGS-84) as text, with a helper that draws a square of a given
// radius around the site's point. The server checks it lies in the city and encloses an area.
import { Button, Form, Input, InputNumber, Space, type FormInstance } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GeoPolygon } from '@citygov/contracts';

const METRES_PER_DEGREE = 111_195;

export function squareAround(lat: number, lon: number, radius: number): GeoPolygon {
  const dLat = radius / METRES_PER_DEGREE;
  const dLon = radius / (METRES_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  const r = (n: number) => Math.round(n * 1e6) / 1e6;
  const ring: [number, number][] = [
    [r(lon - dLon), r(lat - dLat)],
    [r(lon + dLon), r(lat - dLat)],
    [r(lon + dLon), r(lat + dLat)],
    [r(lon - dLon), r(lat + dLat)],
    [r(lon - dLon), r(lat - dLat)],
  ];
  return { type: 'Polygon', coordinates: [ring] };
}

/** Parses the text of the fence field; null when it is not a polygon. */
export function parseFence(text: string): GeoPolygon | null {
  try {
    const value = JSON.parse(text) as GeoPolygon;
    return value?.type === 'Polygon' && Array.isArray(value.coordinates) ? value : null;
  } catch {
    return null;
  }
}

export function FenceField<V extends { lat?: number; lon?: number; fenceText?: string }>({
  form,
}: {
  form: FormInstance<V>;
}) {
  const { t } = useTranslation();
  const [radius, setRadius] = useState(200);
  return (
    <>
      <Space wrap>
        <Form.Item
          name="lat"
          label={t('waste.registry.lat')}
          rules={[{ required: true, type: 'number', min: 28.16, max: 32.2 }]}
        >
          <InputNumber step={0.001} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item
          name="lon"
          label={t('waste.registry.lon')}
          rules={[{ required: true, type: 'number', min: 105.29, max: 110.19 }]}
        >
          <InputNumber step={0.001} style={{ width: 150 }} />
        </Form.Item>
        <Form.Item label={t('waste.registry.radius')}>
          <Space.Compact>
            <InputNumber
              min={20}
              max={3000}
              value={radius}
              onChange={(v) => setRadius(v ?? 200)}
              style={{ width: 100 }}
            />
            <Button
              onClick={() => {
                const { lat, lon } = form.getFieldsValue() as { lat?: number; lon?: number };
                if (typeof lat === 'number' && typeof lon === 'number') {
                  form.setFieldsValue({
                    fenceText: JSON.stringify(squareAround(lat, lon, radius)),
                  } as never);
                }
              }}
            >
              {t('waste.registry.generateFence')}
            </Button>
          </Space.Compact>
        </Form.Item>
      </Space>
      <Form.Item
        name="fenceText"
        label={t('waste.registry.fence')}
        extra={t('waste.registry.fenceHelp')}
        rules={[
          { required: true },
          {
            validator: async (_, v: string) =>
              parseFence(v ?? '')
                ? undefined
                : Promise.reject(new Error(t('waste.registry.badJson'))),
          },
        ]}
      >
        <Input.TextArea rows={4} style={{ fontFamily: 'monospace', fontSize: 12 }} />
      </Form.Item>
    </>
  );
}
